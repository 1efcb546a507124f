package org.distillguard.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/** Feeds Parquet input rows, rendered as JSON, through the same validation as log lines. */
final class ParquetRowIterator implements Iterator<InternalRow> {
    private final Iterator<Row> input;
    private final RecordProcessor processor;
    private final int maxLineBytes;
    private InternalRow next;
    private boolean done;

    ParquetRowIterator(Iterator<Row> input, RecordProcessor processor, int maxLineBytes) {
        this.input = input;
        this.processor = processor;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public boolean hasNext() {
        while (next == null && !done) {
            if (!input.hasNext()) {
                done = true;
                processor.close();
                break;
            }
            Row row = input.next();
            byte[] json = row.getString(0).getBytes(StandardCharsets.UTF_8);
            next = processor.process(json, 0, json.length, json.length > maxLineBytes, row.getString(1), row.getLong(2) + 1);
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
}
