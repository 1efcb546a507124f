package org.distillguard.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.file.Path;
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
        RollingFeatures.window(states, date, 28).observe(rows, count(lit(1)).as("n"))
                .groupBy(col(EventSchema.ACCOUNT_ID)).agg(count(lit(1)), sum(col(DailyState.REQUESTS)),
                        sum(col(DailyState.INPUT_TOKENS)))
                .write().format("noop").mode("overwrite").save();
        return observed(rows);
    }

    /**
     * The 7- and 28-day windows ending on {@code date} as the feature stage builds them from a month of stored states
     * ({@code statesDir/feature_state/}, with the 7-day states of the three weeks before it in
     * {@code statesDir/feature_state_7d/}): the date's 7-day state merged from its seven daily states and written
     * under {@code scratch}, then the 28-day window from it and the three stored 7-day states. Each window is forced
     * with a no-op write. Returns the daily state rows the 28-day window covers; fails if it merged none, or if a
     * stored 7-day state was missing or stale (the run would then time the daily states' merge instead).
     */
    public static long windows(SparkSession spark, Path statesDir, LocalDate date, FeatureConfig config, Path scratch) {
        Dataset<Row> states = FeatureJob.readStates(spark, statesDir.toString());
        WeekStates.Folders folders = WeekStates.Folders.none(spark.sparkContext().hadoopConfiguration())
                .add(statesDir.resolve(FeatureJob.STATE_DIR).toString(),
                        date.minusDays((long) WeekStates.DAYS * WeekStates.WEEKS - 1), date);
        WeekStates.Windows windows = WeekStates.windows(spark, states, folders, date, config, scratch.toString());
        windows.days7().write().format("noop").mode("overwrite").save();
        Observation accounts = new Observation("windows");
        windows.days28().observe(accounts, count(lit(1)).as("n")).write().format("noop").mode("overwrite").save();
        requireMerged(accounts, date);
        if (windows.storedWeeks() != WeekStates.WEEKS - 1) {
            throw new IllegalStateException("The 28-day window ending on " + date + " found current 7-day states for "
                    + windows.storedWeeks() + " of its " + (WeekStates.WEEKS - 1) + " earlier weeks under " + statesDir
                    + ": delete that folder and let the bench build it again");
        }
        return RollingFeatures.window(states, date, 28).count(); // from the Parquet footers
    }

    /**
     * The same two windows merged from the daily states alone (28 of them for the longer window), as the feature
     * stage merged them before it stored 7-day states; returns the daily state rows the 28-day window read.
     */
    public static long windowsFromDays(Dataset<Row> states, LocalDate date, FeatureConfig config) {
        RollingFeatures.compute(states, date, 7, config).write().format("noop").mode("overwrite").save();
        Observation accounts = new Observation("windows-from-days");
        RollingFeatures.compute(states, date, 28, config).observe(accounts, count(lit(1)).as("n"))
                .write().format("noop").mode("overwrite").save();
        requireMerged(accounts, date);
        return RollingFeatures.window(states, date, 28).count(); // from the Parquet footers
    }

    private static void requireMerged(Observation accounts, LocalDate date) {
        if (observed(accounts) == 0) {
            throw new IllegalStateException("The 28-day window ending on " + date + " merged no states: the states do"
                    + " not cover that date");
        }
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
