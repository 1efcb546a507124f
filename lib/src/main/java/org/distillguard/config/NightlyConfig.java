package org.distillguard.config;

/**
 * Data-quality gates the nightly job runs before it publishes a date. A failed gate leaves the previous publication
 * of the date untouched and says which gate failed and by how much.
 *
 * @param minRowsRatio the day's event count must be at least this share of the median of the previous published days
 * @param maxRowsRatio … and at most this multiple of it
 * @param baselineDays how many previous published days the row-count gate compares with (none yet: the gate passes)
 * @param maxNullRate key feature columns may be null in at most this share of account rows
 * @param maxScoreDrift population stability index of the risk-score distribution against the previous published day
 */
public record NightlyConfig(double minRowsRatio, double maxRowsRatio, int baselineDays, double maxNullRate,
        double maxScoreDrift) implements java.io.Serializable {

    public static final double MIN_ROWS_RATIO_DEFAULT = 0.2;
    public static final double MAX_ROWS_RATIO_DEFAULT = 5.0;
    public static final int BASELINE_DAYS_DEFAULT = 7;
    public static final double MAX_NULL_RATE_DEFAULT = 0.05;
    public static final double MAX_SCORE_DRIFT_DEFAULT = 0.5;

    public NightlyConfig {
        ConfigChecks.requireRange("nightly.min-rows-ratio", minRowsRatio, 0.0, 1.0);
        ConfigChecks.requireRange("nightly.max-rows-ratio", maxRowsRatio, 1.0, 1e6);
        ConfigChecks.requireRange("nightly.baseline-days", baselineDays, 1, 365);
        ConfigChecks.requireRange("nightly.max-null-rate", maxNullRate, 0.0, 1.0);
        ConfigChecks.requireRange("nightly.max-score-drift", maxScoreDrift, 0.0, 100.0);
    }

    public static NightlyConfig defaults() {
        return new NightlyConfig(MIN_ROWS_RATIO_DEFAULT, MAX_ROWS_RATIO_DEFAULT, BASELINE_DAYS_DEFAULT,
                MAX_NULL_RATE_DEFAULT, MAX_SCORE_DRIFT_DEFAULT);
    }
}
