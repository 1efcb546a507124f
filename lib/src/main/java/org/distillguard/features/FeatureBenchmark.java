package org.distillguard.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;

/**
 * Times the full daily feature pass against the plain aggregation floor (count + sum + count distinct per account)
 * over the same events in the same run, for the {@code bench} command. Each side is forced with a no-op write.
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
        Dataset<Row> events = spark.read().parquet(eventsDir);
        long total = events.count();
        long start = System.nanoTime();
        events.groupBy(col(EventSchema.ACCOUNT_ID), col(EventSchema.DATE)).agg(count(lit(1)),
                        sum(col(EventSchema.PROMPT_TOKENS)), count_distinct(xxhash64(col(EventSchema.PROMPT))))
                .write().format("noop").mode("overwrite").save();
        double floor = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        DailyFeatures.Result result = DailyFeatures.computeAll(events, config);
        Dataset<Row> state = result.state().cache();
        result.features().write().format("noop").mode("overwrite").save();
        long accountDays = state.count();
        double featureSeconds = (System.nanoTime() - start) / 1e9;
        state.unpersist();
        return new Timing(total, accountDays, floor, featureSeconds);
    }
}
