package org.distillguard.review;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an analyst concluded about an account. {@code unsure} is recorded but never used to train. */
public enum VerdictLabel {
    DISTILL, BENIGN, UNSURE;

    /** The label as written in the labels store and read by {@code train}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VerdictLabel parse(String text) {
        for (VerdictLabel label : values()) {
            if (label.text().equals(text)) {
                return label;
            }
        }
        throw new IllegalArgumentException("Invalid label: " + (text == null ? "null" : "'" + abbreviate(text) + "'")
                + " (expected one of " + Arrays.stream(values()).map(VerdictLabel::text).collect(Collectors.joining(", ")) + ")");
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }
}
