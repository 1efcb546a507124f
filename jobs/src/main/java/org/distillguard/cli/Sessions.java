package org.distillguard.cli;

import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.runtime.SparkSessions;

/** Starts the Spark session for a command: embedded ({@code local[*]}) unless spark-submit chose a master. */
final class Sessions {
    private Sessions() {}

    static SparkSession start(String name, DistillGuardConfig config) {
        return SparkSessions.create(name, config.spark());
    }

    /**
     * The Hadoop settings a session of this command would have ({@code spark.hadoop.*} from the configuration and from
     * {@code -D}), for commands that reach the warehouse without starting Spark.
     */
    static org.apache.hadoop.conf.Configuration hadoop(String name, DistillGuardConfig config) {
        return org.distillguard.config.SparkConfig.hadoopConfiguration(SparkSessions.effectiveSettings(name, config.spark()));
    }
}
