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
}
