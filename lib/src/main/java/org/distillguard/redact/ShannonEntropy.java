package org.distillguard.redact;

import java.util.HashMap;
import java.util.Map;

/** Shannon entropy in bits per symbol, used to tell random secrets from words and placeholders. */
public final class ShannonEntropy {
    private ShannonEntropy() {}

    public static double bitsPerChar(CharSequence text) {
        return bitsPerChar(text, 0, text.length());
    }

    /** Entropy of {@code text[start, end)} without copying it. */
    public static double bitsPerChar(CharSequence text, int start, int end) {
        int length = end - start;
        if (length <= 0) {
            return 0.0;
        }
        int[] asciiCounts = new int[128];
        Map<Character, Integer> otherCounts = null;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                asciiCounts[c]++;
            }
            else {
                if (otherCounts == null) {
                    otherCounts = new HashMap<>();
                }
                otherCounts.merge(c, 1, Integer::sum);
            }
        }
        double entropy = 0.0;
        for (int count : asciiCounts) {
            entropy += term(count, length);
        }
        if (otherCounts != null) {
            for (int count : otherCounts.values()) {
                entropy += term(count, length);
            }
        }
        return entropy;
    }

    /** Entropy of a byte string in bits per byte. */
    public static double bitsPerByte(byte[] bytes) {
        if (bytes.length == 0) {
            return 0.0;
        }
        int[] counts = new int[256];
        for (byte b : bytes) {
            counts[b & 0xff]++;
        }
        double entropy = 0.0;
        for (int count : counts) {
            entropy += term(count, bytes.length);
        }
        return entropy;
    }

    private static double term(int count, int length) {
        if (count == 0) {
            return 0.0;
        }
        double p = (double) count / length;
        return -p * (Math.log(p) / Math.log(2));
    }
}
