package org.distillguard.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Spark settings the embedded mode starts with. Every one of them is applied only when the operator has not set the
 * same key already (through {@code spark-submit --conf} or {@code -Dspark.*}): the code never overrides a cluster.
 *
 * @param master master URL used when none is given (the embedded default runs in this JVM)
 * @param shufflePartitions {@code spark.sql.shuffle.partitions} when unset
 * @param settings further {@code spark.*} settings applied when unset
 */
public record SparkConfig(String master, int shufflePartitions, Map<String, String> settings) implements java.io.Serializable {

    public static final String MASTER_DEFAULT = "local[*]";
    public static final int SHUFFLE_PARTITIONS_DEFAULT = 8;

    public SparkConfig {
        ConfigChecks.requireText("spark.master", master);
        ConfigChecks.requireRange("spark.shuffle-partitions", shufflePartitions, 1, 1_000_000);
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
        for (String key : settings.keySet()) {
            if (!key.startsWith("spark.")) {
                throw new IllegalArgumentException(
                        "Invalid config key: spark.settings." + key + " (expected a Spark setting starting with 'spark.')");
            }
        }
    }

    /**
     * Hadoop settings for commands that reach the warehouse without a Spark session ({@code retention}, {@code doctor}):
     * Hadoop's own files ({@code core-site.xml} and the like on the class path), then the {@code spark.hadoop.*}
     * entries of {@code settings} without their prefix, as Spark applies them to its sessions.
     */
    public static org.apache.hadoop.conf.Configuration hadoopConfiguration(Map<String, String> settings) {
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        String prefix = "spark.hadoop.";
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                hadoop.set(key.substring(prefix.length()), value);
            }
        });
        return hadoop;
    }

    /** {@link #hadoopConfiguration(Map)} of this configuration's settings. */
    public org.apache.hadoop.conf.Configuration hadoopConfiguration() {
        return hadoopConfiguration(settings);
    }

    public static SparkConfig defaults() {
        return new SparkConfig(MASTER_DEFAULT, SHUFFLE_PARTITIONS_DEFAULT, Map.of());
    }
}
