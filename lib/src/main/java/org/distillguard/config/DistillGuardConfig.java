package org.distillguard.config;

import static java.util.Objects.requireNonNull;

/**
 * The whole configuration. Built-in defaults live beside each key in the section records; a YAML file given with
 * {@code --conf} overrides them, and {@code --set key=value} on the command line overrides the file. See
 * {@link ConfigLoader} for the order and {@code conf/distillguard.yaml} for every key with its default.
 */
public record DistillGuardConfig(IngestConfig ingest, RedactionConfig redaction, SparkConfig spark, FeatureConfig features)
        implements java.io.Serializable {

    public DistillGuardConfig {
        requireNonNull(ingest, "ingest is null");
        requireNonNull(redaction, "redaction is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(features, "features is null");
    }

    /** The stages before features, with the feature section at its defaults (as callers written before it use). */
    public DistillGuardConfig(IngestConfig ingest, RedactionConfig redaction, SparkConfig spark) {
        this(ingest, redaction, spark, FeatureConfig.defaults());
    }

    public static DistillGuardConfig defaults() {
        return new DistillGuardConfig(IngestConfig.defaults(), RedactionConfig.defaults(), SparkConfig.defaults(),
                FeatureConfig.defaults());
    }
}
