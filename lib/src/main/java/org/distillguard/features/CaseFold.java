package org.distillguard.features;

/**
 * {@link Character#toLowerCase(char)} for every UTF-16 code unit, looked up in one table. The text functions lower-case
 * every character of every prompt they read; on prompts in scripts other than ASCII the JDK's per-call lookup was the
 * largest single cost of the feature pass. The table (128 KB, filled once from the JDK's own answers) gives the same
 * result for each of the 65,536 values.
 */
public final class CaseFold {

    private static final char[] LOWER = new char[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            LOWER[c] = Character.toLowerCase((char) c);
        }
    }

    private CaseFold() {}

    /** The lower case of {@code c}, as {@link Character#toLowerCase(char)} gives it. */
    public static char lower(char c) {
        return LOWER[c];
    }
}
