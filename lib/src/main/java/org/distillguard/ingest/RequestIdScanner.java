package org.distillguard.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The first pass of ingest over JSON Lines: yields the top-level {@code request_id} string of every line that has one,
 * reading the line only up to that field, so ingest can tell which ids occur more than once before it parses,
 * redacts and writes anything. It sees every id the full parse can publish (the full parse reads the same tokens and
 * rejects more lines), so an id it counts once is published at most once. File problems are left to the second pass.
 */
final class RequestIdScanner implements LineSink {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public InternalRow process(byte[] buffer, int offset, int length, boolean tooLarge, String sourceFile, long lineNumber) {
        if (tooLarge) {
            return null;
        }
        String id = requestId(buffer, offset, length);
        return id == null ? null : new GenericInternalRow(new Object[] {UTF8String.fromString(id)});
    }

    /** Ids longer than this go through the parser (far below Jackson's 20,000,000-character string limit). */
    static final int MAX_PLAIN_ID_BYTES = 4_096;
    private static final byte[] PREFIX = "{\"request_id\":\"".getBytes(StandardCharsets.US_ASCII);

    /** The top-level {@code request_id} string of a JSON object, or null (no such field, not a string, not JSON). */
    static String requestId(byte[] buffer, int offset, int length) {
        String plain = plainFirstField(buffer, offset, length);
        return plain != null ? plain : parsed(buffer, offset, length);
    }

    /**
     * The id of a line that starts exactly {@code {"request_id":"} and whose value is printable ASCII without escapes
     * (what loggers write, the input contract's field order): the same string the parser would return, without
     * creating one; null when the line has any other shape, which the parser then reads.
     */
    static String plainFirstField(byte[] buffer, int offset, int length) {
        if (length < PREFIX.length + 1) {
            return null;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (buffer[offset + i] != PREFIX[i]) {
                return null;
            }
        }
        int start = offset + PREFIX.length;
        // Longer values are left to the parser, which refuses strings beyond its own limit.
        int end = offset + Math.min(length, PREFIX.length + MAX_PLAIN_ID_BYTES + 1);
        for (int i = start; i < end; i++) {
            byte b = buffer[i];
            if (b == '"') {
                return new String(buffer, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return null;
            }
        }
        return null;
    }

    private static String parsed(byte[] buffer, int offset, int length) {
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
