package org.distillguard.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.distillguard.features.DailyState.ACTIVE_MINUTES;
import static org.distillguard.features.DailyState.API_KEY_SKETCH;
import static org.distillguard.features.DailyState.CAPABILITY_HITS;
import static org.distillguard.features.DailyState.CAPABILITY_MASK;
import static org.distillguard.features.DailyState.COMPLETIONS;
import static org.distillguard.features.DailyState.COT_LANGUAGE_MASK;
import static org.distillguard.features.DailyState.COT_PROMPTS;
import static org.distillguard.features.DailyState.COUNTRY_SKETCH;
import static org.distillguard.features.DailyState.CREATED_SECONDS;
import static org.distillguard.features.DailyState.DAYS;
import static org.distillguard.features.DailyState.EFFORT_HIGH;
import static org.distillguard.features.DailyState.EMPTY_PROMPTS;
import static org.distillguard.features.DailyState.ERRORS;
import static org.distillguard.features.DailyState.FIRST_SECONDS;
import static org.distillguard.features.DailyState.FOLLOW_UP;
import static org.distillguard.features.DailyState.HEAD_TEMPLATES;
import static org.distillguard.features.DailyState.HOURS;
import static org.distillguard.features.DailyState.INPUT_TOKENS;
import static org.distillguard.features.DailyState.LANGUAGE_MASK;
import static org.distillguard.features.DailyState.LAST_SECONDS;
import static org.distillguard.features.DailyState.LEXICAL_ENTROPY;
import static org.distillguard.features.DailyState.LOGPROBS;
import static org.distillguard.features.DailyState.LONGEST_IDLE_MINUTES;
import static org.distillguard.features.DailyState.MINUTE_GAPS;
import static org.distillguard.features.DailyState.MINUTE_GAP_MEAN;
import static org.distillguard.features.DailyState.MINUTE_GAP_SQUARED;
import static org.distillguard.features.DailyState.MULTI_COMPLETION;
import static org.distillguard.features.DailyState.NEAR_DUPLICATE_SKETCH;
import static org.distillguard.features.DailyState.NEAR_LIMIT;
import static org.distillguard.features.DailyState.NETWORK_SKETCH;
import static org.distillguard.features.DailyState.OUTPUT_TOKENS;
import static org.distillguard.features.DailyState.PAYMENT_SKETCH;
import static org.distillguard.features.DailyState.PEAK_PER_MINUTE;
import static org.distillguard.features.DailyState.PROMPT_CHARS;
import static org.distillguard.features.DailyState.PROMPT_CHARS_SQUARED;
import static org.distillguard.features.DailyState.PROMPT_REUSE_SKETCH;
import static org.distillguard.features.DailyState.PROMPT_SKETCH;
import static org.distillguard.features.DailyState.RATE_LIMITED;
import static org.distillguard.features.DailyState.REASONING_TOKENS;
import static org.distillguard.features.DailyState.REQUESTS;
import static org.distillguard.features.DailyState.RESPONSE_SKETCH;
import static org.distillguard.features.DailyState.SECRETS;
import static org.distillguard.features.DailyState.SECRET_REQUESTS;
import static org.distillguard.features.DailyState.SHINGLES;
import static org.distillguard.features.DailyState.SIGNATURE;
import static org.distillguard.features.DailyState.SINGLE_TURN;
import static org.distillguard.features.DailyState.SPAN_MINUTES;
import static org.distillguard.features.DailyState.SQUARED_PER_MINUTE;
import static org.distillguard.features.DailyState.STRUCTURED_PAIR;
import static org.distillguard.features.DailyState.SYSTEM_PROMPTS;
import static org.distillguard.features.DailyState.SYSTEM_PROMPT_REQUESTS;
import static org.distillguard.features.DailyState.TAIL_TEMPLATES;
import static org.distillguard.features.DailyState.TEMPERATURES;
import static org.distillguard.features.DailyState.TEMPERATURE_SKETCH;
import static org.distillguard.features.DailyState.TEMPERATURE_SQUARED;
import static org.distillguard.features.DailyState.TEMPERATURE_SUM;
import static org.distillguard.features.DailyState.TOP_LOGPROBS;
import static org.distillguard.features.DailyState.USER_AGENT_SKETCH;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;

/** Reads the catalog's features from a state row, whether it holds one day or a merged window. */
final class FeatureReader {

    private FeatureReader() {}

    static Dataset<Row> read(Dataset<Row> state, FeatureConfig config, List<FeatureDefinition> features) {
        Map<String, Column> expressions = expressions(config);
        List<Column> columns = new ArrayList<>();
        columns.add(col(EventSchema.ACCOUNT_ID));
        columns.add(col(EventSchema.DATE));
        for (FeatureDefinition feature : features) {
            Column expression = expressions.get(feature.name());
            if (expression == null) {
                throw new IllegalStateException("Cannot read feature " + feature.name() + ": no expression defined");
            }
            columns.add(expression.as(feature.name()));
        }
        return state.select(columns.toArray(Column[]::new));
    }

    private static Map<String, Column> expressions(FeatureConfig config) {
        UserDefinedFunction distinct = udf(new DistinctEstimate(), DataTypes.LongType).withName("distillguard_distinct");
        String n = REQUESTS;
        int tracked = config.templateTrackedItems();
        int block = config.offHoursBlockHours();
        Map<String, Column> e = new LinkedHashMap<>();
        e.put(FeatureCatalog.REQUESTS, col(REQUESTS));
        e.put(FeatureCatalog.INPUT_TOKENS, col(INPUT_TOKENS));
        e.put(FeatureCatalog.OUTPUT_TOKENS, col(OUTPUT_TOKENS));
        e.put(FeatureCatalog.REASONING_TOKENS, col(REASONING_TOKENS));
        e.put(FeatureCatalog.OUTPUT_INPUT_RATIO, expr(OUTPUT_TOKENS + " / nullif(" + INPUT_TOKENS + ", 0)"));
        e.put(FeatureCatalog.OUTPUT_TOKENS_PER_REQUEST, share(OUTPUT_TOKENS));
        Column hourFeatures = udf(new HourFeaturesFunction(block), HourFeaturesFunction.SCHEMA)
                .withName("distillguard_hour_features").apply(col(HOURS), col(n));
        e.put(FeatureCatalog.ACTIVE_HOURS, hourFeatures.getField(HourFeaturesFunction.ACTIVE_HOURS));
        e.put(FeatureCatalog.ACTIVE_MINUTES, col(ACTIVE_MINUTES));
        e.put(FeatureCatalog.PEAK_REQUESTS_PER_MINUTE, col(PEAK_PER_MINUTE));
        e.put(FeatureCatalog.RATE_LIMITED_SHARE, share(RATE_LIMITED));
        e.put(FeatureCatalog.ERROR_SHARE, share(ERRORS));
        e.put(FeatureCatalog.INTER_ARRIVAL_MEAN_SECONDS,
                expr("(" + LAST_SECONDS + " - " + FIRST_SECONDS + ") / nullif(" + n + " - 1, 0)"));
        e.put(FeatureCatalog.INTER_ARRIVAL_CV, expr("if(" + MINUTE_GAPS + " >= 2, sqrt(greatest(" + MINUTE_GAP_SQUARED
                + " - " + MINUTE_GAP_MEAN + " * " + MINUTE_GAP_MEAN + ", 0D)) / " + MINUTE_GAP_MEAN + ", null)"));
        String mean = "(" + n + " / " + SPAN_MINUTES + ")";
        String sd = "sqrt(greatest(" + SQUARED_PER_MINUTE + " / " + SPAN_MINUTES + " - " + mean + " * " + mean + ", 0D))";
        e.put(FeatureCatalog.BURSTINESS, expr("(" + sd + " - " + mean + ") / (" + sd + " + " + mean + ")"));
        e.put(FeatureCatalog.HOUR_ENTROPY, hourFeatures.getField(HourFeaturesFunction.ENTROPY));
        e.put(FeatureCatalog.LONGEST_IDLE_GAP_MINUTES, col(LONGEST_IDLE_MINUTES));
        e.put(FeatureCatalog.ACTIVE_SPAN_HOURS, expr("(" + LAST_SECONDS + " - " + FIRST_SECONDS + ") / 3600D"));
        e.put(FeatureCatalog.OFF_HOURS_SHARE, hourFeatures.getField(HourFeaturesFunction.QUIETEST_BLOCK).divide(col(n)));
        e.put(FeatureCatalog.REQUESTS_ZSCORE_28D, lit(null).cast("double"));
        e.put(FeatureCatalog.TOKENS_ZSCORE_28D, lit(null).cast("double"));
        e.put(FeatureCatalog.DAYS_ACTIVE, col(DAYS));
        e.put(FeatureCatalog.EXACT_DUPLICATE_RATIO, oneMinusDistinct(distinct, PROMPT_SKETCH));
        e.put(FeatureCatalog.NEAR_DUPLICATE_RATE, oneMinusDistinct(distinct, NEAR_DUPLICATE_SKETCH));
        Column sketches = udf(new SketchFeaturesFunction(tracked), SketchFeaturesFunction.SCHEMA)
                .withName("distillguard_sketch_features").apply(col(HEAD_TEMPLATES).getField("sketch"),
                        col(TAIL_TEMPLATES).getField("sketch"), col(SYSTEM_PROMPTS).getField("sketch"), col(SIGNATURE),
                        col(CAPABILITY_HITS));
        e.put(FeatureCatalog.TEMPLATE_SHARE, greatest(sketches.getField(SketchFeaturesFunction.HEAD_SHARED),
                sketches.getField(SketchFeaturesFunction.TAIL_SHARED)).divide(col(n)));
        e.put(FeatureCatalog.DISTINCT_TEMPLATES, sketches.getField(SketchFeaturesFunction.DISTINCT_TEMPLATES));
        e.put(FeatureCatalog.LEXICAL_ENTROPY, share(LEXICAL_ENTROPY));
        Column distinctShingles = sketches.getField(SketchFeaturesFunction.DISTINCT_SHINGLES);
        e.put(FeatureCatalog.VOCABULARY_GROWTH, when(col(SHINGLES).gt(0),
                least(lit(1.0), distinctShingles.divide(col(SHINGLES)))));
        e.put(FeatureCatalog.PROMPT_CHARS_MEAN, share(PROMPT_CHARS));
        e.put(FeatureCatalog.PROMPT_CHARS_STDDEV, expr("sqrt(greatest(" + PROMPT_CHARS_SQUARED + " / " + n + " - pow("
                + PROMPT_CHARS + " / " + n + ", 2), 0D))"));
        e.put(FeatureCatalog.EMPTY_PROMPT_SHARE, share(EMPTY_PROMPTS));
        e.put(FeatureCatalog.LANGUAGE_COUNT, expr("bit_count(" + LANGUAGE_MASK + ")"));
        e.put(FeatureCatalog.CAPABILITY_COVERAGE, expr("bit_count(" + CAPABILITY_MASK + ")"));
        e.put(FeatureCatalog.CAPABILITY_ENTROPY, sketches.getField(SketchFeaturesFunction.CAPABILITY_ENTROPY));
        e.put(FeatureCatalog.COT_SHARE, share(COT_PROMPTS));
        e.put(FeatureCatalog.COT_LANGUAGE_COUNT, expr("bit_count(" + COT_LANGUAGE_MASK + ")"));
        e.put(FeatureCatalog.LOGPROBS_SHARE, share(LOGPROBS));
        e.put(FeatureCatalog.TOP_LOGPROBS_MEAN, expr(TOP_LOGPROBS + " / nullif(" + LOGPROBS + ", 0)"));
        e.put(FeatureCatalog.MULTI_COMPLETION_SHARE, share(MULTI_COMPLETION));
        e.put(FeatureCatalog.COMPLETIONS_MEAN, share(COMPLETIONS));
        // E[t^2] - E[t]^2 from the rounded sums (see ExactSums): for a fixed temperature the rounding of the sums and
        // of the division leaves a variance of about 1e-14 rather than 0. A variance below 1e-9 of E[t^2] (a spread
        // under 3e-5 of the temperature) is that rounding, and reads as 0.
        String meanSquare = "(" + TEMPERATURE_SQUARED + " / " + TEMPERATURES + ")";
        String variance = "(" + meanSquare + " - pow(" + TEMPERATURE_SUM + " / " + TEMPERATURES + ", 2))";
        e.put(FeatureCatalog.TEMPERATURE_STDDEV, expr("if(" + TEMPERATURES + " > 0, if(" + variance + " <= 1e-9 * "
                + meanSquare + ", 0D, sqrt(" + variance + ")), null)"));
        e.put(FeatureCatalog.DISTINCT_TEMPERATURES, distinct.apply(col(TEMPERATURE_SKETCH)));
        e.put(FeatureCatalog.MAX_TOKENS_NEAR_LIMIT_SHARE, share(NEAR_LIMIT));
        e.put(FeatureCatalog.REASONING_EFFORT_HIGH_SHARE, share(EFFORT_HIGH));
        e.put(FeatureCatalog.SINGLE_TURN_SHARE, share(SINGLE_TURN));
        e.put(FeatureCatalog.FOLLOW_UP_SHARE, share(FOLLOW_UP));
        e.put(FeatureCatalog.SYSTEM_PROMPT_UNIFORMITY, sketches.getField(SketchFeaturesFunction.TOP_SYSTEM_PROMPT)
                .divide(expr("nullif(" + SYSTEM_PROMPT_REQUESTS + ", 0)")));
        e.put(FeatureCatalog.STRUCTURED_PAIR_SHARE, share(STRUCTURED_PAIR));
        Column reused = distinct.apply(col(PROMPT_REUSE_SKETCH)).plus(distinct.apply(col(RESPONSE_SKETCH)))
                .minus(distinct.apply(expr("hll_union(" + PROMPT_REUSE_SKETCH + ", " + RESPONSE_SKETCH + ")")));
        e.put(FeatureCatalog.RESPONSE_REUSE_SHARE, greatest(reused, lit(0L)).divide(col(n)));
        e.put(FeatureCatalog.DISTINCT_NETWORKS, distinct.apply(col(NETWORK_SKETCH)));
        e.put(FeatureCatalog.DISTINCT_USER_AGENTS, distinct.apply(col(USER_AGENT_SKETCH)));
        e.put(FeatureCatalog.DISTINCT_API_KEYS, distinct.apply(col(API_KEY_SKETCH)));
        e.put(FeatureCatalog.DISTINCT_PAYMENT_FINGERPRINTS, distinct.apply(col(PAYMENT_SKETCH)));
        e.put(FeatureCatalog.DISTINCT_COUNTRIES, distinct.apply(col(COUNTRY_SKETCH)));
        e.put(FeatureCatalog.ACCOUNT_AGE_DAYS, expr("(unix_seconds(to_timestamp(date_add(to_date(" + EventSchema.DATE
                + "), 1))) - " + CREATED_SECONDS + ") / 86400D"));
        e.put(FeatureCatalog.REDACTED_SECRETS, col(SECRETS));
        e.put(FeatureCatalog.SECRET_SHARE, share(SECRET_REQUESTS));
        return e;
    }

    private static Column share(String count) {
        return expr(count + " / " + REQUESTS);
    }

    private static Column oneMinusDistinct(UserDefinedFunction distinct, String sketch) {
        return greatest(lit(1.0).minus(distinct.apply(col(sketch)).divide(col(REQUESTS))), lit(0.0));
    }
}
