package org.distillguard.ingest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads one {@link InputSplit} inside a Spark task and yields its records as {@link RawLine}s, the way
 * {@link SplitIterator} reads them for ingest (same byte ranges, line numbers, gzip and CSV handling), but without
 * validating anything: jobs that only look at the raw text (the audit) use it. Blank lines are skipped.
 */
final class RawLineIterator implements Iterator<RawLine> {

    private static final Set<String> LITELLM_NUMERIC_COLUMNS = Set.of("prompt_tokens", "completion_tokens", "total_tokens");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY = new byte[0];

    private final InputSplit split;
    private final int maxLineBytes;
    private InputStream stream;
    private BoundedLineReader reader;
    private MappingIterator<Map<String, String>> csvRows;
    private long lineNumber;
    private long csvNextRowLine = 2;
    private RawLine next;
    private boolean done;
    private final Configuration hadoop;

    RawLineIterator(InputSplit split, int maxLineBytes, Configuration hadoop) {
        this.split = split;
        this.hadoop = hadoop;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            try {
                advance();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + split.path() + ": " + e.getMessage(), e);
            }
        }
        return next != null;
    }

    @Override
    public RawLine next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawLine line = next;
        next = null;
        return line;
    }

    private void advance() throws IOException {
        if (stream == null && !open()) {
            finish();
            return;
        }
        if (split.format() == InputFormat.LITELLM_CSV) {
            advanceCsv();
            return;
        }
        try {
            if (reader.position() >= split.end() || !reader.next()) {
                finish();
                return;
            }
        } catch (EOFException | ZipException e) {
            next = new RawLine(split.path(), lineNumber + 1, EMPTY, QuarantineReason.TRUNCATED_FILE);
            finish();
            return;
        }
        lineNumber++;
        if (reader.isBlank() && !reader.tooLarge()) {
            return;
        }
        next = new RawLine(split.path(), lineNumber, Arrays.copyOf(reader.buffer(), reader.length()),
                reader.tooLarge() ? QuarantineReason.TOO_LARGE : null);
    }

    private boolean open() throws IOException {
        Path path = new Path(split.path());
        FileSystem fileSystem = path.getFileSystem(hadoop);
        FSDataInputStream raw;
        try {
            raw = fileSystem.open(path);
        } catch (IOException e) {
            next = new RawLine(split.path(), 0, EMPTY, QuarantineReason.UNREADABLE_FILE);
            return false;
        }
        InputStream in = raw;
        long position = 0;
        lineNumber = split.firstLineNumber() - 1;
        boolean skipPartial = false;
        if (split.start() > 0) {
            raw.seek(split.start() - 1);
            int previous = raw.read();
            position = split.start();
            skipPartial = previous != '\n';
        }
        if (split.path().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            try {
                in = new GZIPInputStream(raw, 1 << 16);
            } catch (EOFException e) {
                raw.close();
                if (fileSystem.getFileStatus(path).getLen() > 0) {
                    next = new RawLine(split.path(), 1, EMPTY, QuarantineReason.TRUNCATED_FILE);
                }
                return false;
            } catch (ZipException e) {
                raw.close();
                next = new RawLine(split.path(), 0, EMPTY, QuarantineReason.UNREADABLE_FILE);
                return false;
            }
        }
        stream = in;
        if (split.format() == InputFormat.LITELLM_CSV) {
            csvRows = new CsvMapper().readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()).readValues(in);
            return true;
        }
        reader = new BoundedLineReader(in, maxLineBytes, position);
        if (skipPartial) {
            reader.skipPartialLine();
            lineNumber++;
        }
        return true;
    }

    private void advanceCsv() throws IOException {
        Map<String, String> row;
        long line;
        try {
            if (!csvRows.hasNextValue()) {
                finish();
                return;
            }
            line = csvNextRowLine;
            row = csvRows.nextValue();
            csvNextRowLine = csvRows.getCurrentLocation().getLineNr();
        } catch (EOFException e) {
            next = new RawLine(split.path(), lineNumber + 1, EMPTY, QuarantineReason.TRUNCATED_FILE);
            finish();
            return;
        } catch (IOException | RuntimeException e) {
            next = new RawLine(split.path(), lineNumber + 1, EMPTY, QuarantineReason.INVALID_CSV);
            finish();
            return;
        }
        lineNumber = line;
        ObjectNode object = JSON.createObjectNode();
        for (Map.Entry<String, String> entry : row.entrySet()) {
            String value = entry.getValue();
            if (value == null || value.isEmpty()) {
                continue;
            }
            if (LITELLM_NUMERIC_COLUMNS.contains(entry.getKey()) && value.chars().allMatch(Character::isDigit)) {
                object.put(entry.getKey(), Long.parseLong(value));
            } else {
                object.put(entry.getKey(), value);
            }
        }
        byte[] bytes = JSON.writeValueAsBytes(object);
        next = new RawLine(split.path(), lineNumber, bytes, bytes.length > maxLineBytes ? QuarantineReason.TOO_LARGE : null);
    }

    private void finish() throws IOException {
        done = true;
        if (csvRows != null) {
            csvRows.close();
        }
        if (stream != null) {
            stream.close();
        }
    }
}
