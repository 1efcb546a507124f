package org.distillguard.config;

import static java.util.Objects.requireNonNull;

/**
 * The whole configuration. Built-in defaults live beside each key in the section records; a YAML file given with
 * {@code --conf} overrides them, and {@code --set key=value} on the command line overrides the file. See
 * {@link ConfigLoader} for the order and {@code conf/distillguard.yaml} for every key with its default.
 */
public record DistillGuardConfig(IngestConfig ingest, RedactionConfig redaction, SparkConfig spark, NightlyConfig nightly)
        implements java.io.Serializable {

    public DistillGuardConfig {
        requireNonNull(ingest, "ingest is null");
        requireNonNull(redaction, "redaction is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(nightly, "nightly is null");
    }

    public DistillGuardConfig withIngest(IngestConfig value) {
        return new DistillGuardConfig(value, redaction, spark, nightly);
    }

    public static DistillGuardConfig defaults() {
        return new DistillGuardConfig(IngestConfig.defaults(), RedactionConfig.defaults(), SparkConfig.defaults(),
                NightlyConfig.defaults());
    }
}
