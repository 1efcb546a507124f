package org.distillguard.testing;

import java.util.TimeZone;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession every test in the JVM shares: {@code local[2]}, two shuffle partitions, no UI, bound to
 * loopback, UTC. Created on first use and left to the JVM's shutdown.
 */
public final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("distillguard-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
                    .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                    .config("spark.sql.maxConcurrentOutputFileWriters",
                            Integer.toString(org.distillguard.runtime.SparkSessions.CONCURRENT_OUTPUT_WRITERS))
                    .config("spark.plugins", org.distillguard.runtime.TaskSqlConfPlugin.class.getName())
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
