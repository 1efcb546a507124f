package org.distillguard.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding them, and without ever buffering more than {@code maxLineBytes}
 * of one line: a longer line is reported as too large and its remaining bytes are skipped. Tracks the absolute byte
 * position so a reader of a byte range can stop at the range's end.
 */
final class BoundedLineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkLength;
    private int chunkPosition;
    private byte[] line = new byte[4096];
    private int lineLength;
    private boolean tooLarge;
    private long position;
    private long lineStart;
    private boolean endOfStream;

    BoundedLineReader(InputStream in, int maxLineBytes, long startPosition) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.position = startPosition;
    }

    /** Reads the next line; false at the end of the stream. An unterminated last line is returned as a line. */
    boolean next() throws IOException {
        lineLength = 0;
        tooLarge = false;
        lineStart = position;
        boolean sawAny = false;
        while (true) {
            if (chunkPosition == chunkLength) {
                if (endOfStream || !fill()) {
                    endOfStream = true;
                    return sawAny;
                }
            }
            sawAny = true;
            int start = chunkPosition;
            int newline = Newlines.indexOf(chunk, start, chunkLength);
            int end = newline < 0 ? chunkLength : newline;
            append(start, end - start);
            chunkPosition = newline < 0 ? chunkLength : newline + 1;
            position += chunkPosition - start;
            if (newline >= 0) {
                if (!tooLarge && lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
        }
    }

    /** Skips to just after the next newline (for a byte range that starts inside a line); returns bytes skipped. */
    long skipPartialLine() throws IOException {
        long before = position;
        while (true) {
            if (chunkPosition == chunkLength && !fill()) {
                endOfStream = true;
                return position - before;
            }
            int newline = Newlines.indexOf(chunk, chunkPosition, chunkLength);
            if (newline >= 0) {
                position += newline + 1 - chunkPosition;
                chunkPosition = newline + 1;
                return position - before;
            }
            position += chunkLength - chunkPosition;
            chunkPosition = chunkLength;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(chunk, 0, chunk.length);
        while (read == 0) {
            read = in.read(chunk, 0, chunk.length);
        }
        if (read < 0) {
            return false;
        }
        chunkLength = read;
        chunkPosition = 0;
        return true;
    }

    private void append(int from, int length) {
        if (tooLarge || length == 0) {
            return;
        }
        if (lineLength + length > maxLineBytes) {
            tooLarge = true;
            // Keep the head of the line for the redacted excerpt, drop the rest.
            int keep = Math.min(length, Math.max(0, 4096 - lineLength));
            ensure(lineLength + keep);
            System.arraycopy(chunk, from, line, lineLength, keep);
            lineLength += keep;
            return;
        }
        ensure(lineLength + length);
        System.arraycopy(chunk, from, line, lineLength, length);
        lineLength += length;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, Math.min(maxLineBytes + 1, line.length * 2)));
        }
    }

    byte[] buffer() {
        return line;
    }

    int length() {
        return lineLength;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    /** Absolute byte position of the next byte to read: where the next line starts. */
    long position() {
        return position;
    }

    /** Absolute byte position where the current line starts. */
    long lineStart() {
        return lineStart;
    }

    boolean isBlank() {
        for (int i = 0; i < lineLength; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
