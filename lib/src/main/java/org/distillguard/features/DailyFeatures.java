package org.distillguard.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;

/**
 * The daily pass: one aggregation over a day's events, grouped by (account_id, date), gives the mergeable daily state;
 * the features and the coordination evidence are read from it. Text work runs per event inside the same stage (one
 * text function per row, buffers reused per task); nothing per event leaves the executors.
 */
public final class DailyFeatures {

    static final String BASELINE_DAYS = "baseline_days";

    private DailyFeatures() {}

    /** The day's three outputs, all from one aggregation: cache {@link #state()} before reading more than one. */
    public record Result(Dataset<Row> state, FeatureConfig config, Lexicons lexicons) {

        /** One row per (account_id, date) with every catalog feature (z-scores null, days_active 1). */
        public Dataset<Row> features() {
            return FeatureReader.read(state, config, FeatureCatalog.all());
        }

        /** The mergeable state stored in {@code feature_state/}. */
        public Dataset<Row> storedState() {
            return state.select(DailyState.keyedStateColumns());
        }

        /** Bounded per-account evidence for the coordination stage and the report ({@code account_day_evidence/}). */
        public Dataset<Row> evidence() {
            int templates = config.evidenceTemplates();
            int sets = config.evidenceSetSize();
            return state.select(col(EventSchema.ACCOUNT_ID), col(EventSchema.DATE),
                    expr(ranked("approx_top_k_estimate(" + DailyState.HEAD_TEMPLATES + ", "
                            + config.templateTrackedItems() + ")", templates)).as(DailyState.TOP_TEMPLATES),
                    expr("slice(" + DailyState.TEMPLATE_SKELETONS + ", 1, " + config.evidenceSkeletons() + ")")
                            .as(DailyState.TEMPLATE_SKELETONS),
                    col(DailyState.SIGNATURE).as(DailyState.PROMPT_SIGNATURE),
                    expr(ranked(DailyState.CLIENT_NETWORKS, sets)).as(DailyState.CLIENT_NETWORKS),
                    expr(ranked(DailyState.USER_AGENTS, sets)).as(DailyState.USER_AGENTS),
                    expr(ranked(DailyState.PAYMENT_FINGERPRINTS, sets)).as(DailyState.PAYMENT_FINGERPRINTS),
                    col(DailyState.HOURS).as(DailyState.HOUR_VECTOR),
                    expr("sort_array(" + DailyState.MINUTE_HISTOGRAM + ")").as(DailyState.MINUTE_HISTOGRAM));
        }
    }

    /**
     * The first {@code limit} entries of a frequent-items array ({@code item}, {@code count}) by count, ties by item.
     * The sketches list equally frequent items in the order they met them, which depends on how the events were split
     * across tasks; coordination links accounts by these items, so the cut must not.
     */
    static String ranked(String items, int limit) {
        return "slice(array_sort(" + items + ", (a, b) -> case when a.count > b.count then -1 when a.count < b.count then 1"
                + " when a.item < b.item then -1 when a.item > b.item then 1 else 0 end), 1, " + limit + ")";
    }

    /** Features of every account-day in {@code events} (without the 28-day baseline: see {@link #withBaseline}). */
    public static Dataset<Row> compute(Dataset<Row> events, FeatureConfig config) {
        return computeAll(events, config).features();
    }

    public static Result computeAll(Dataset<Row> events, FeatureConfig config) {
        Lexicons lexicons = Lexicons.shipped();
        Dataset<Row> derived = DailyState.derive(events, config, lexicons);
        return new Result(DailyState.aggregate(derived, config, lexicons, 1), config, lexicons);
    }

    /**
     * Fills the baseline features of one day's features from the stored states of the 28 days before it:
     * {@code days_active} (prior active days + 1) and the z-scores of requests and tokens, where days without a
     * state count as zero and fewer than {@code baselineMinDays} prior active days give null.
     */
    public static Dataset<Row> withBaseline(Dataset<Row> features, Dataset<Row> priorStates, FeatureConfig config) {
        EventSchema.requireColumns(priorStates.schema(), "the 28-day baseline", EventSchema.ACCOUNT_ID,
                DailyState.REQUESTS, DailyState.INPUT_TOKENS, DailyState.OUTPUT_TOKENS);
        // Exact decimal sums, rounded to doubles once: a double sum of squared daily token counts (up to 10^20 and
        // more) would round, and so depend on the order Spark merges the partial sums in.
        Column tokens = col(DailyState.INPUT_TOKENS).plus(col(DailyState.OUTPUT_TOKENS)).cast("decimal(20,0)");
        Column requests = col(DailyState.REQUESTS).cast("decimal(20,0)");
        Dataset<Row> baseline = priorStates.groupBy(col(EventSchema.ACCOUNT_ID)).agg(
                count(lit(1)).as(BASELINE_DAYS),
                sum(requests).cast("double").as("b_requests"),
                sum(requests.multiply(requests)).cast("double").as("b_requests_squared"),
                sum(tokens).cast("double").as("b_tokens"),
                sum(tokens.multiply(tokens)).cast("double").as("b_tokens_squared"));
        Column days = coalesce(col(BASELINE_DAYS), lit(0L));
        Column todayTokens = col(FeatureCatalog.INPUT_TOKENS).plus(col(FeatureCatalog.OUTPUT_TOKENS)).cast("double");
        Dataset<Row> joined = features.drop(FeatureCatalog.DAYS_ACTIVE, FeatureCatalog.REQUESTS_ZSCORE_28D,
                        FeatureCatalog.TOKENS_ZSCORE_28D)
                .join(baseline, EventSchema.ACCOUNT_ID, "left")
                .withColumn(FeatureCatalog.DAYS_ACTIVE, days.plus(1L))
                .withColumn(FeatureCatalog.REQUESTS_ZSCORE_28D, zScore(col(FeatureCatalog.REQUESTS).cast("double"),
                        col("b_requests"), col("b_requests_squared"), days, config))
                .withColumn(FeatureCatalog.TOKENS_ZSCORE_28D, zScore(todayTokens, col("b_tokens"),
                        col("b_tokens_squared"), days, config));
        List<Column> ordered = new ArrayList<>();
        ordered.add(col(EventSchema.ACCOUNT_ID));
        ordered.add(col(EventSchema.DATE));
        FeatureCatalog.names().forEach(name -> ordered.add(col(name)));
        return joined.select(ordered.toArray(Column[]::new));
    }

    private static Column zScore(Column today, Column total, Column squared, Column days, FeatureConfig config) {
        Column mean = total.divide(28.0);
        Column sd = sqrt(greatest(squared.divide(28.0).minus(mean.multiply(mean)), lit(0.0)));
        return when(days.geq(config.baselineMinDays()).and(sd.gt(0.0)), today.minus(mean).divide(sd));
    }
}
