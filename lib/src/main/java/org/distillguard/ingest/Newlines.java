package org.distillguard.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds and counts {@code '\n'} bytes eight at a time. The split planner counts the newlines of every input byte range
 * to give each split its first line number (6% of ingest's samples as a byte-at-a-time loop), and both passes of ingest
 * over JSON Lines look for each line's end.
 */
final class Newlines {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;

    private Newlines() {}

    /** The index of the first {@code '\n'} in {@code buffer[from, to)}, or -1 when there is none. */
    static int indexOf(byte[] buffer, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long t = newlineFlags(buffer, i);
            if (t != 0) {
                // Little-endian: the lowest flagged byte is the first newline.
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The number of {@code '\n'} bytes in {@code buffer[offset, offset + length)}. */
    static long count(byte[] buffer, int offset, int length) {
        long count = 0;
        int i = offset;
        int end = offset + length;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            count += Long.bitCount(newlineFlags(buffer, i));
        }
        for (; i < end; i++) {
            if (buffer[i] == '\n') {
                count++;
            }
        }
        return count;
    }

    /**
     * The eight bytes at {@code i} with the high bit of each byte set exactly when that byte is {@code '\n'}: an exact
     * zero-byte test of the word XOR 0x0A.. (no carry crosses a byte, so no neighbour is flagged by mistake).
     */
    private static long newlineFlags(byte[] buffer, int i) {
        long word = (long) LONGS.get(buffer, i) ^ NEWLINES;
        return ~(((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | word | LOW_SEVEN_BITS);
    }
}
