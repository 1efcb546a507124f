package org.distillguard.features;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;

/**
 * Rolling windows from stored daily states: the features of the {@code days} days ending on a date, computed by
 * merging that range of {@code feature_state/} rows per account. Only the new day's events are ever read; see
 * {@link Rolling} for which features are exact and which approximate.
 */
public final class RollingFeatures {

    private RollingFeatures() {}

    /** Features over the window [date - days + 1, date] from the states in {@code states} (other dates ignored). */
    public static Dataset<Row> compute(Dataset<Row> states, LocalDate date, int days, FeatureConfig config) {
        if (days < 1) {
            throw new IllegalArgumentException("Invalid window: " + days + " days (expected at least 1)");
        }
        EventSchema.requireColumns(states.schema(), "the rolling window", EventSchema.ACCOUNT_ID, EventSchema.DATE);
        return FeatureReader.read(merge(window(states, date, days), date, config), config, FeatureCatalog.rolling());
    }

    /** The rows of {@code states} (or events) dated in the {@code days} days ending on {@code date}. */
    static Dataset<Row> window(Dataset<Row> states, LocalDate date, int days) {
        return states.where(col(EventSchema.DATE).geq(date.minusDays(days - 1L).toString())
                .and(col(EventSchema.DATE).leq(date.toString())));
    }

    static Dataset<Row> merge(Dataset<Row> window, LocalDate date, FeatureConfig config) {
        return DailyState.merge(window, date.toString(), config, Lexicons.shipped().capabilityNames().size());
    }

    /**
     * The same window computed directly from its events in one aggregation (the reference the merged states are
     * checked against, and a fallback when states are missing).
     */
    public static Dataset<Row> computeFromEvents(Dataset<Row> events, LocalDate date, int days, FeatureConfig config) {
        Lexicons lexicons = Lexicons.shipped();
        Dataset<Row> derived = DailyState.derive(window(events, date, days), config, lexicons)
                .withColumn(EventSchema.DATE, org.apache.spark.sql.functions.lit(date.toString()));
        Dataset<Row> state = DailyState.aggregate(derived, config, lexicons, days)
                .withColumn(DailyState.DAYS, org.apache.spark.sql.functions.expr(
                        "cast(size(array_distinct(transform(" + DailyState.MINUTE_HISTOGRAM
                                + ", x -> floor(x.item / 1440)))) as bigint)"));
        return FeatureReader.read(state, config, FeatureCatalog.rolling());
    }
}
