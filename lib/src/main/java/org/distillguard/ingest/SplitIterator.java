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
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Reads one {@link InputSplit} inside a Spark task and yields its event rows lazily, one line at a time; the
 * {@link LineSink} (the {@link RecordProcessor}) quarantines the rest. Closes the processor (writing the split's counts) when exhausted.
 */
final class SplitIterator implements Iterator<InternalRow> {

    private static final Set<String> LITELLM_NUMERIC_COLUMNS = Set.of("prompt_tokens", "completion_tokens", "total_tokens");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputSplit split;
    private final LineSink processor;
    private final int maxLineBytes;
    private InputStream stream;
    private BoundedLineReader reader;
    private MappingIterator<Map<String, String>> csvRows;
    private long lineNumber;
    /** The header is line 1. */
    private long csvNextRowLine = 2;
    private InternalRow next;
    private boolean done;
    private final Configuration hadoop;

    SplitIterator(InputSplit split, LineSink processor, int maxLineBytes, Configuration hadoop) {
        this.split = split;
        this.hadoop = hadoop;
        this.processor = processor;
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
    public InternalRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        InternalRow row = next;
        next = null;
        return row;
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
            processor.quarantineFile(QuarantineReason.TRUNCATED_FILE, split.path(), lineNumber + 1);
            finish();
            return;
        }
        lineNumber++;
        if (reader.isBlank() && !reader.tooLarge()) {
            processor.blankLine();
            return;
        }
        next = processor.process(reader.buffer(), 0, reader.length(), reader.tooLarge(), split.path(), lineNumber);
    }

    private boolean open() throws IOException {
        Path path = new Path(split.path());
        FileSystem fileSystem = path.getFileSystem(hadoop);
        FSDataInputStream raw;
        try {
            raw = fileSystem.open(path);
        } catch (IOException e) {
            processor.quarantineFile(QuarantineReason.UNREADABLE_FILE, split.path(), 0);
            return false;
        }
        InputStream in = raw;
        long position = 0;
        lineNumber = split.firstLineNumber() - 1;
        boolean skipPartial = false;
        if (split.start() > 0) {
            // A range that starts mid-file owns the lines that start inside it: look at the byte before the range.
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
                    processor.quarantineFile(QuarantineReason.TRUNCATED_FILE, split.path(), 1);
                }
                return false;
            } catch (ZipException e) {
                raw.close();
                processor.quarantineFile(QuarantineReason.UNREADABLE_FILE, split.path(), 0);
                return false;
            }
        }
        stream = in;
        if (split.format() == InputFormat.LITELLM_CSV) {
            CsvMapper mapper = new CsvMapper();
            csvRows = mapper.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()).readValues(in);
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
            // A row starts on the line where the previous one ended (the reader stands at the next line's start).
            line = csvNextRowLine;
            row = csvRows.nextValue();
            csvNextRowLine = csvRows.getCurrentLocation().getLineNr();
        } catch (EOFException e) {
            processor.quarantineFile(QuarantineReason.TRUNCATED_FILE, split.path(), lineNumber + 1);
            finish();
            return;
        } catch (IOException | RuntimeException e) {
            // A malformed CSV row: the reader cannot resynchronise reliably, so the rest of the file is one record.
            processor.quarantineFile(QuarantineReason.INVALID_CSV, split.path(), lineNumber + 1);
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
        next = processor.process(bytes, 0, bytes.length, bytes.length > maxLineBytes, split.path(), lineNumber);
    }

    private void finish() throws IOException {
        done = true;
        if (csvRows != null) {
            csvRows.close();
        }
        if (stream != null) {
            stream.close();
        }
        processor.close();
    }
}
