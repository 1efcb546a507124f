package org.distillguard.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.distillguard.config.SparkConfig;

/**
 * Builds the Spark session every job uses. Settings are applied only where the operator has not set them: a key given
 * to {@code spark-submit --conf} (or as a {@code -Dspark.*} system property) always wins over the code's defaults.
 */
public final class SparkSessions {

    /**
     * Property names whose values Spark hides in its UI and event logs. Spark's own default covers
     * secret|password|token|access[.]?key; the HMAC key and anything key-like are added (a bare {@code key} also
     * covers names such as {@code fs.azure.account.key.*} that the narrower patterns miss).
     */
    public static final String REDACTION_REGEX = "(?i)secret|password|passwd|token|access[.]?key|hmac|api[._-]?key|credential|private[._-]?key|key";

    /** Files one task of a partitioned write may keep open before it sorts the rest by partition. */
    public static final int CONCURRENT_OUTPUT_WRITERS = 8;

    private SparkSessions() {}

    public static SparkSession create(String appName, SparkConfig config) {
        SparkConf conf = new SparkConf(true);
        for (Map.Entry<String, String> entry : defaults(appName, config, conf.contains("spark.master")
                ? conf.get("spark.master") : config.master()).entrySet()) {
            conf.setIfMissing(entry.getKey(), entry.getValue());
        }
        SparkSession session = SparkSession.builder().config(conf).getOrCreate();
        session.sparkContext().setLogLevel("WARN");
        // Files the jobs write stay readable by their owner only; Hadoop's local file system honours this umask.
        session.sparkContext().hadoopConfiguration().setIfUnset("fs.permissions.umask-mode", "077");
        return session;
    }

    /**
     * The Spark settings a session created now would run with, without starting one: what the operator set
     * ({@code spark-submit --conf}, {@code -Dspark.*}) and, where unset, the code's defaults. Values of key-like
     * properties are included as set: do not print them.
     */
    public static Map<String, String> effectiveSettings(String appName, SparkConfig config) {
        SparkConf conf = new SparkConf(true);
        for (Map.Entry<String, String> entry : defaults(appName, config, conf.contains("spark.master")
                ? conf.get("spark.master") : config.master()).entrySet()) {
            conf.setIfMissing(entry.getKey(), entry.getValue());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (scala.Tuple2<String, String> entry : conf.getAll()) {
            settings.put(entry._1(), entry._2());
        }
        return settings;
    }

    /**
     * The driver's Hadoop settings for code that opens files inside tasks, as Spark's own readers get them: a
     * {@code new Configuration()} on an executor would miss the session's {@code spark.hadoop.*} settings (object store
     * credentials, mount tables) and anything set on the session at run time.
     */
    public static Broadcast<SerializableConfiguration> hadoopForTasks(SparkSession spark) {
        return SerializableConfiguration.broadcast(spark.sparkContext(), spark.sparkContext().hadoopConfiguration());
    }

    /**
     * A DataFrame over rows already in Spark's internal form ({@code UTF8String}s, microseconds, …) that match
     * {@code schema}, without the per-field conversion that {@code createDataFrame} applies to external rows. Needs
     * the classic (non-Connect) session, as any RDD does.
     */
    public static Dataset<Row> fromInternalRows(SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
        if (!(spark instanceof org.apache.spark.sql.classic.SparkSession classic)) {
            throw new IllegalStateException("Cannot build a DataFrame from task-built rows in a " + spark.getClass().getName()
                    + ": DistillGuard's jobs need a classic Spark session (local or spark-submit), not Spark Connect.");
        }
        return classic.internalCreateDataFrame(rows.rdd(), schema, false);
    }

    /** The settings the code would apply, in order, each only if the key is unset. Visible for tests. */
    public static Map<String, String> defaults(String appName, SparkConfig config, String master) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.app.name", appName);
        settings.put("spark.master", config.master());
        settings.put("spark.sql.session.timeZone", "UTC");
        settings.put("spark.sql.shuffle.partitions", Integer.toString(config.shufflePartitions()));
        settings.put("spark.redaction.regex", REDACTION_REGEX);
        settings.put("spark.sql.redaction.options.regex", "(?i)url|secret|password|token|key");
        settings.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
        settings.put("spark.sql.parquet.compression.codec", "zstd");
        // Spark 4.2 works this one out from an environment variable (its test flag) whenever it is unset, and reads it
        // for every array element and buffer the interpreted expressions create: System.getenv per call, 3% of the
        // feature pass. Setting it to the value it has outside Spark's own tests skips that.
        settings.put("spark.sql.types.framework.enabled", "false");
        // One SQL configuration per task rather than one per call on the interpreted paths (see TaskSqlConf).
        settings.put("spark.plugins", TaskSqlConfPlugin.class.getName());
        // HotSpot does not compile a method of more than 8,000 bytes of bytecode (HugeMethodLimit): Spark's default
        // limit (65,535) kept the feature pass's final whole-stage method (8,429 bytes: the projection of the state's
        // sixty columns) and ran it in the interpreter for every account. At 8,000 Spark generates that subtree's
        // operators apart instead, each compiled; Spark's documentation recommends this value on HotSpot.
        settings.put("spark.sql.codegen.hugeMethodLimit", "8000");
        // A write partitioned by a column (ingest's events by date) sorts each task's rows by the partition values first
        // unless Spark may keep several files open at once: the sort buffered every row of a task and copied it twice.
        // Beyond this many open files in one task Spark sorts the rest, as before.
        settings.put("spark.sql.maxConcurrentOutputFileWriters", Integer.toString(CONCURRENT_OUTPUT_WRITERS));
        // Timestamps as Parquet's 64-bit microseconds rather than Spark's default INT96 (deprecated in Parquet): the writer
        // builds a 12-byte value per INT96 timestamp and copies it through a byte-at-a-time stream, 4% of ingest's samples
        // for an event's two timestamps. Spark, DuckDB and Parquet tools read both forms.
        settings.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        if (master.startsWith("local")) {
            // Embedded mode: nothing is served, nothing listens beyond loopback.
            settings.put("spark.ui.enabled", "false");
            settings.put("spark.driver.bindAddress", "127.0.0.1");
            settings.put("spark.driver.host", "127.0.0.1");
            settings.put("spark.ui.showConsoleProgress", "false");
        }
        settings.putAll(config.settings());
        return settings;
    }
}
