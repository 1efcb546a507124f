package org.distillguard.features;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.ingest.EventSchema;

/**
 * A first handful of per-account-day features, so the end-to-end path is real from the start: volume, tokens, active
 * hours, the share of distinct prompts and the share of requests asking for log-probabilities.
 */
public final class FirstFeatures {

    public static final String REQUESTS = "requests";
    public static final String INPUT_TOKENS = "input_tokens";
    public static final String OUTPUT_TOKENS = "output_tokens";
    public static final String ACTIVE_HOURS = "active_hours";
    public static final String DISTINCT_PROMPT_RATIO = "distinct_prompt_ratio";
    public static final String LOGPROBS_RATE = "logprobs_rate";

    private FirstFeatures() {}

    public static Dataset<Row> compute(Dataset<Row> events) {
        EventSchema.requireColumns(events.schema(), "features", EventSchema.ACCOUNT_ID, EventSchema.DATE,
                EventSchema.TIMESTAMP, EventSchema.PROMPT, EventSchema.PROMPT_TOKENS, EventSchema.COMPLETION_TOKENS,
                EventSchema.LOGPROBS);
        return events.groupBy(col(EventSchema.ACCOUNT_ID), col(EventSchema.DATE))
                .agg(count(lit(1)).as(REQUESTS),
                        coalesce(sum(EventSchema.PROMPT_TOKENS), lit(0L)).as(INPUT_TOKENS),
                        coalesce(sum(EventSchema.COMPLETION_TOKENS), lit(0L)).as(OUTPUT_TOKENS),
                        count_distinct(hour(col(EventSchema.TIMESTAMP))).as(ACTIVE_HOURS),
                        count_distinct(xxhash64(col(EventSchema.PROMPT))).divide(count(lit(1))).as(DISTINCT_PROMPT_RATIO),
                        avg(when(col(EventSchema.LOGPROBS).equalTo(true), 1.0).otherwise(0.0)).as(LOGPROBS_RATE))
                .orderBy(col(EventSchema.DATE), col(EventSchema.ACCOUNT_ID));
    }
}
