package org.distillguard.ingest;

import static java.util.Objects.requireNonNull;

/**
 * One record of a raw log file as read, before parsing: a JSONL line, a LiteLLM CSV row rendered as JSON, or a Parquet
 * row rendered as JSON. Holds raw bytes: never log or write them.
 *
 * @param sourceFile the file (a Hadoop path URI)
 * @param lineNumber line the record starts on, counted from 1 (Parquet: row index + 1); 0 for a file that could not
 *     be opened
 * @param bytes the record's UTF-8 bytes; only the first 4 KiB of a line longer than the limit; empty when the file
 *     could not be read from here on
 * @param problem null when the record was read whole, else the quarantine reason code of what went wrong
 *     ({@code too_large}, {@code truncated_file}, {@code unreadable_file}, {@code invalid_csv})
 */
public record RawLine(String sourceFile, long lineNumber, byte[] bytes, String problem) {
    public RawLine {
        requireNonNull(sourceFile, "sourceFile is null");
        requireNonNull(bytes, "bytes is null");
        if (lineNumber < 0) {
            throw new IllegalArgumentException("Invalid line number: " + lineNumber + " (expected 0 or more)");
        }
    }

    @Override
    public String toString() {
        return "RawLine[" + sourceFile + ":" + lineNumber + ", " + bytes.length + " bytes"
                + (problem == null ? "" : ", " + problem) + "]";
    }
}
