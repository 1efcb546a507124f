package org.distillguard.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The first pass of ingest over JSON Lines: yields the top-level {@code request_id} string of every line that has one,
 * reading the line only up to that field, so ingest can tell which ids occur more than once before it parses,
 * redacts and writes anything. It sees every id the full parse can publish (the full parse reads the same tokens and
 * rejects more lines), so an id it counts once is published at most once. File problems are left to the second pass.
 */
final class RequestIdScanner implements LineSink {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public Row process(byte[] buffer, int offset, int length, boolean tooLarge, String sourceFile, long lineNumber) {
        if (tooLarge) {
            return null;
        }
        String id = requestId(buffer, offset, length);
        return id == null ? null : RowFactory.create(id);
    }

    /** The top-level {@code request_id} string of a JSON object, or null (no such field, not a string, not JSON). */
    static String requestId(byte[] buffer, int offset, int length) {
        try (JsonParser parser = FACTORY.createParser(buffer, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("request_id".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void quarantineFile(String reason, String sourceFile, long lineNumber) {}

    @Override
    public void blankLine() {}

    @Override
    public void close() {}
}
