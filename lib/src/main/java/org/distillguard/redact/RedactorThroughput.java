package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Measures redaction throughput, for a benchmark command; asserts nothing. */
public final class RedactorThroughput {
    private RedactorThroughput() {}

    /** Texts per second of the default rules over {@code rounds} passes of {@code texts}, after one warm-up pass. */
    public static double measure(List<String> texts, int rounds) {
        return measure(Redactor.withDefaultRules(), texts, rounds);
    }

    public static double measure(Redactor redactor, List<String> texts, int rounds) {
        requireNonNull(redactor, "redactor is null");
        requireNonNull(texts, "texts is null");
        if (rounds < 1) {
            throw new IllegalArgumentException("Invalid rounds: " + rounds + " (expected at least 1)");
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("Cannot measure redaction throughput: no texts given");
        }
        RedactionCounts counts = new RedactionCounts();
        long sink = 0;
        for (String text : texts) {
            sink += lengthOf(redactor.redact(text, counts));
        }
        long startNanos = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (String text : texts) {
                counts.reset();
                sink += lengthOf(redactor.redact(text, counts));
            }
        }
        long elapsedNanos = Math.max(1, System.nanoTime() - startNanos);
        if (sink == Long.MIN_VALUE) {
            // Keeps the redaction results observable so the JIT cannot drop the work.
            throw new AssertionError();
        }
        return (double) texts.size() * rounds * 1e9 / elapsedNanos;
    }

    private static int lengthOf(String text) {
        return text == null ? 0 : text.length();
    }
}
