package org.distillguard.ingest;

import java.util.Locale;

/** The input formats ingest reads, recognised by file name. */
public enum InputFormat {
    /** JSON Lines, one object per line: the request-log contract or LiteLLM spend-log rows. */
    JSONL,
    /** The same, gzip-compressed (read by one task per file). */
    JSONL_GZIP,
    /** LiteLLM spend-log export as CSV with a header. */
    LITELLM_CSV,
    /** The request-log records as Parquet with nested structs. */
    PARQUET;

    /** The format of a file by its name, or null for a file ingest does not read. */
    public static InputFormat of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl.gz") || name.endsWith(".json.gz") || name.endsWith(".ndjson.gz")) {
            return JSONL_GZIP;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return LITELLM_CSV;
        }
        if (name.endsWith(".parquet")) {
            return PARQUET;
        }
        return null;
    }

    public boolean isCompressed(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
    }
}
