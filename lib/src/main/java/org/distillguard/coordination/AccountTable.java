package org.distillguard.coordination;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.features.DailyState;
import org.distillguard.features.FeatureCatalog;
import org.distillguard.ingest.EventSchema;

/**
 * One row per account of the day with everything the coordination stage reads, assembled from the feature engine's
 * {@code account_day_evidence/}, {@code features/} and {@code feature_state/} of that date. Every array it carries is
 * bounded by the feature engine's evidence limits.
 */
public final class AccountTable {

    private AccountTable() {}

    public static Dataset<Row> assemble(Dataset<Row> evidence, Dataset<Row> features, Dataset<Row> state) {
        EventSchema.requireColumns(evidence.schema(), "coordination (account_day_evidence)", EventSchema.ACCOUNT_ID,
                DailyState.TOP_TEMPLATES, DailyState.TEMPLATE_SKELETONS, DailyState.PROMPT_SIGNATURE,
                DailyState.CLIENT_NETWORKS, DailyState.USER_AGENTS, DailyState.PAYMENT_FINGERPRINTS,
                DailyState.HOUR_VECTOR, DailyState.MINUTE_HISTOGRAM);
        EventSchema.requireColumns(features.schema(), "coordination (features)", EventSchema.ACCOUNT_ID,
                FeatureCatalog.REQUESTS, FeatureCatalog.INPUT_TOKENS, FeatureCatalog.OUTPUT_TOKENS,
                FeatureCatalog.ACCOUNT_AGE_DAYS);
        EventSchema.requireColumns(state.schema(), "coordination (feature_state)", EventSchema.ACCOUNT_ID,
                DailyState.CREATED_SECONDS, DailyState.CAPABILITY_MASK);
        Dataset<Row> fromEvidence = evidence.select(
                col(EventSchema.ACCOUNT_ID).as(CoordinationColumns.ACCOUNT_ID),
                col(DailyState.TOP_TEMPLATES).as(CoordinationColumns.TOP_TEMPLATES),
                items(DailyState.TEMPLATE_SKELETONS).as(CoordinationColumns.SKELETONS),
                col(DailyState.PROMPT_SIGNATURE).as(CoordinationColumns.SIGNATURE),
                items(DailyState.CLIENT_NETWORKS).as(CoordinationColumns.NETWORKS),
                items(DailyState.USER_AGENTS).as(CoordinationColumns.USER_AGENTS),
                items(DailyState.PAYMENT_FINGERPRINTS).as(CoordinationColumns.PAYMENTS),
                expr("transform(" + DailyState.HOUR_VECTOR + ", x -> cast(x as double))").as(CoordinationColumns.HOURS),
                col(DailyState.MINUTE_HISTOGRAM).as(CoordinationColumns.MINUTES));
        Dataset<Row> fromFeatures = features.select(
                col(EventSchema.ACCOUNT_ID).as(CoordinationColumns.ACCOUNT_ID),
                coalesce(col(FeatureCatalog.REQUESTS).cast("long"), lit(0L)).as(CoordinationColumns.REQUESTS),
                coalesce(col(FeatureCatalog.INPUT_TOKENS).cast("long"), lit(0L))
                        .plus(coalesce(col(FeatureCatalog.OUTPUT_TOKENS).cast("long"), lit(0L))).as(CoordinationColumns.TOKENS),
                col(FeatureCatalog.ACCOUNT_AGE_DAYS).cast("double").as(CoordinationColumns.ACCOUNT_AGE_DAYS));
        Dataset<Row> fromState = state.select(
                col(EventSchema.ACCOUNT_ID).as(CoordinationColumns.ACCOUNT_ID),
                col(DailyState.CREATED_SECONDS).cast("long").as(CoordinationColumns.CREATED_SECONDS),
                coalesce(col(DailyState.CAPABILITY_MASK).cast("long"), lit(0L)).as(CoordinationColumns.CAPABILITY_MASK));
        return fromEvidence
                .join(fromFeatures, CoordinationColumns.ACCOUNT_ID)
                .join(fromState, CoordinationColumns.ACCOUNT_ID);
    }

    /** The item strings of a frequent-items array (struct of item and count), nulls and blanks dropped. */
    private static org.apache.spark.sql.Column items(String column) {
        return expr("filter(transform(coalesce(" + column + ", array()), x -> cast(x.item as string)), v -> v is not null and v != '')");
    }
}
