package org.distillguard.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;

/**
 * Times the full daily feature pass against the plain aggregation floor (count + sum + count distinct per account)
 * over the same events in the same run, for the {@code bench} command. Each side is forced with a no-op write, and
 * neither caches anything: each reads the events once.
 */
public final class FeatureBenchmark {

    /** Wall time of each side and the ratio. */
    public record Timing(long events, long accountDays, double floorSeconds, double featureSeconds) {
        public double ratio() {
            return featureSeconds / floorSeconds;
        }

        public double featureEventsPerSecond() {
            return events / featureSeconds;
        }

        public double floorEventsPerSecond() {
            return events / floorSeconds;
        }
    }

    private FeatureBenchmark() {}

    public static Timing run(SparkSession spark, String eventsDir, FeatureConfig config) {
        Dataset<Row> events = EventSchema.read(spark, eventsDir);
        long total = events.count();
        long start = System.nanoTime();
        floor(events);
        double floor = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        long accountDays = features(events, config);
        double featureSeconds = (System.nanoTime() - start) / 1e9;
        return new Timing(total, accountDays, floor, featureSeconds);
    }

    /** The floor: count + sum + count distinct per (account, date), forced with a no-op write; returns groups. */
    public static long floor(Dataset<Row> events) {
        Observation groups = new Observation("floor");
        events.groupBy(col(EventSchema.ACCOUNT_ID), col(EventSchema.DATE)).agg(count(lit(1)),
                        sum(col(EventSchema.PROMPT_TOKENS)), count_distinct(xxhash64(col(EventSchema.PROMPT))))
                .observe(groups, count(lit(1)).as("n"))
                .write().format("noop").mode("overwrite").save();
        return observed(groups);
    }

    /** The full daily feature pass (every catalog feature), forced with a no-op write; returns account-days. */
    public static long features(Dataset<Row> events, FeatureConfig config) {
        Observation groups = new Observation("features");
        DailyFeatures.computeAll(events, config).features()
                .observe(groups, count(lit(1)).as("n"))
                .write().format("noop").mode("overwrite").save();
        return observed(groups);
    }

    /**
     * The window merge's floor: count + sum per account over the states of the 28 days ending on {@code date} (the
     * rows the 28-day window merges), forced with a no-op write; returns the state rows read.
     */
    public static long windowFloor(Dataset<Row> states, LocalDate date) {
        Observation rows = new Observation("window-floor");
        inWindow(states, date, 28).observe(rows, count(lit(1)).as("n"))
                .groupBy(col(EventSchema.ACCOUNT_ID)).agg(count(lit(1)), sum(col(DailyState.REQUESTS)),
                        sum(col(DailyState.INPUT_TOKENS)))
                .write().format("noop").mode("overwrite").save();
        return observed(rows);
    }

    /**
     * The 7- and 28-day windows ending on {@code date}, merged from {@code states} as the feature stage merges them,
     * each forced with a no-op write; returns the state rows the 28-day window read (and fails if it merged none).
     */
    public static long windows(Dataset<Row> states, LocalDate date, FeatureConfig config) {
        RollingFeatures.compute(states, date, 7, config).write().format("noop").mode("overwrite").save();
        Observation accounts = new Observation("windows");
        RollingFeatures.compute(states, date, 28, config).observe(accounts, count(lit(1)).as("n"))
                .write().format("noop").mode("overwrite").save();
        if (observed(accounts) == 0) {
            throw new IllegalStateException("The 28-day window ending on " + date + " merged no states: the states do"
                    + " not cover that date");
        }
        return inWindow(states, date, 28).count(); // from the Parquet footers
    }

    private static Dataset<Row> inWindow(Dataset<Row> states, LocalDate date, int days) {
        return states.where(col(EventSchema.DATE).geq(date.minusDays(days - 1L).toString())
                .and(col(EventSchema.DATE).leq(date.toString())));
    }

    private static long observed(Observation observation) {
        try {
            return ((Number) observation.getAsJava().get("n")).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the benchmark's row count", e);
        }
    }
}
