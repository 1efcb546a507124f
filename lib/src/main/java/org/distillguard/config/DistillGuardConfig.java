package org.distillguard.config;

import static java.util.Objects.requireNonNull;

/**
 * The whole configuration. Built-in defaults live beside each key in the section records; a YAML file given with
 * {@code --conf} overrides them, and {@code --set key=value} on the command line overrides the file. See
 * {@link ConfigLoader} for the order and {@code conf/distillguard.yaml} for every key with its default.
 */
public record DistillGuardConfig(        IngestConfig ingest,
        RedactionConfig redaction,
        SparkConfig spark,
        FeatureConfig features,
        CoordinationConfig coordination,
        ScoringConfig scoring,
        ReviewConfig review,
        NightlyConfig nightly,
        RetentionConfig retention) implements java.io.Serializable {

    public DistillGuardConfig {
        requireNonNull(ingest, "ingest is null");
        requireNonNull(redaction, "redaction is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(features, "features is null");
        requireNonNull(coordination, "coordination is null");
        requireNonNull(scoring, "scoring is null");
        requireNonNull(review, "review is null");
        requireNonNull(nightly, "nightly is null");
        requireNonNull(retention, "retention is null");
    }

    /** The first three sections, every other section at its defaults. */
    public DistillGuardConfig(IngestConfig ingest, RedactionConfig redaction, SparkConfig spark) {
        this(ingest, redaction, spark, FeatureConfig.defaults(), CoordinationConfig.defaults(), ScoringConfig.defaults(), ReviewConfig.defaults(), NightlyConfig.defaults(), RetentionConfig.defaults());
    }

    public DistillGuardConfig withIngest(IngestConfig value) {
        return new DistillGuardConfig(value, redaction, spark, features, coordination, scoring, review, nightly, retention);
    }

    public DistillGuardConfig withRedaction(RedactionConfig value) {
        return new DistillGuardConfig(ingest, value, spark, features, coordination, scoring, review, nightly, retention);
    }

    public DistillGuardConfig withSpark(SparkConfig value) {
        return new DistillGuardConfig(ingest, redaction, value, features, coordination, scoring, review, nightly, retention);
    }

    public DistillGuardConfig withFeatures(FeatureConfig value) {
        return new DistillGuardConfig(ingest, redaction, spark, value, coordination, scoring, review, nightly, retention);
    }

    public DistillGuardConfig withCoordination(CoordinationConfig value) {
        return new DistillGuardConfig(ingest, redaction, spark, features, value, scoring, review, nightly, retention);
    }

    public DistillGuardConfig withScoring(ScoringConfig value) {
        return new DistillGuardConfig(ingest, redaction, spark, features, coordination, value, review, nightly, retention);
    }

    public DistillGuardConfig withReview(ReviewConfig value) {
        return new DistillGuardConfig(ingest, redaction, spark, features, coordination, scoring, value, nightly, retention);
    }

    public DistillGuardConfig withNightly(NightlyConfig value) {
        return new DistillGuardConfig(ingest, redaction, spark, features, coordination, scoring, review, value, retention);
    }

    public DistillGuardConfig withRetention(RetentionConfig value) {
        return new DistillGuardConfig(ingest, redaction, spark, features, coordination, scoring, review, nightly, value);
    }

    public static DistillGuardConfig defaults() {
        return new DistillGuardConfig(
                IngestConfig.defaults(),
                RedactionConfig.defaults(),
                SparkConfig.defaults(),
                FeatureConfig.defaults(),
                CoordinationConfig.defaults(),
                ScoringConfig.defaults(),
                ReviewConfig.defaults(),
                NightlyConfig.defaults(),
                RetentionConfig.defaults());
    }
}
