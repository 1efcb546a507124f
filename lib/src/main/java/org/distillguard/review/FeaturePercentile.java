package org.distillguard.review;

import static java.util.Objects.requireNonNull;

/** One feature of an account against the night's population: the value and where it falls (0–100). */
public record FeaturePercentile(String feature, double value, double percentile) {
    public FeaturePercentile {
        requireNonNull(feature, "feature is null");
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("Invalid percentile for " + feature + ": " + percentile + " (expected 0 to 100)");
        }
    }
}
