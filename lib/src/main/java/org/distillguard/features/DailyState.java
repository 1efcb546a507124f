package org.distillguard.features;

import static java.util.Map.entry;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hll_union_agg;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_values;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;

/**
 * The mergeable daily state of an account: sums, counts, sums of squares, maxima, bit sets, MinHash minima,
 * HyperLogLog sketches and frequent-items sketches, computed in one aggregation over the day's events and merged
 * for the rolling windows. Features are read from a state by {@link FeatureReader}, whether it holds one day or a
 * merged window.
 */
public final class DailyState {

    // Per-event derived columns (internal to the aggregation).
    static final String EVENT_SECONDS = "event_seconds";
    static final String EVENT_MINUTE = "event_minute";
    static final String TEXT = "text";
    static final String TEXT_PREFIX = "text_";
    static final String VECTORS = "vectors";
    static final String SKETCHES = "sketches";
    static final String TOTALS = "totals";
    /** Distinct system prompts tracked per account (their frequent-items sketch). */
    static final int SYSTEM_PROMPTS_TRACKED = 64;
    static final String PROMPT_HASH = "prompt_hash";
    static final String SYSTEM_HASH = "system_hash";

    // State columns, stored in feature_state/.
    public static final String REQUESTS = "s_requests";
    public static final String INPUT_TOKENS = "s_input_tokens";
    public static final String OUTPUT_TOKENS = "s_output_tokens";
    public static final String REASONING_TOKENS = "s_reasoning_tokens";
    public static final String RATE_LIMITED = "s_rate_limited";
    public static final String ERRORS = "s_errors";
    public static final String HOURS = "s_hours";
    public static final String ACTIVE_MINUTES = "s_active_minutes";
    public static final String PEAK_PER_MINUTE = "s_peak_per_minute";
    public static final String FIRST_SECONDS = "s_first_seconds";
    public static final String LAST_SECONDS = "s_last_seconds";
    public static final String PROMPT_CHARS = "s_prompt_chars";
    public static final String PROMPT_CHARS_SQUARED = "s_prompt_chars_squared";
    public static final String EMPTY_PROMPTS = "s_empty_prompts";
    public static final String LEXICAL_ENTROPY = "s_lexical_entropy";
    public static final String SHINGLES = "s_shingles";
    public static final String SIGNATURE = "s_signature";
    public static final String PROMPT_SKETCH = "s_prompt_sketch";
    public static final String NEAR_DUPLICATE_SKETCH = "s_near_duplicate_sketch";
    public static final String HEAD_TEMPLATES = "s_head_templates";
    public static final String TAIL_TEMPLATES = "s_tail_templates";
    public static final String SYSTEM_PROMPTS = "s_system_prompts";
    public static final String SYSTEM_PROMPT_REQUESTS = "s_system_prompt_requests";
    public static final String LANGUAGE_MASK = "s_language_mask";
    public static final String CAPABILITY_MASK = "s_capability_mask";
    public static final String CAPABILITY_HITS = "s_capability_hits";
    public static final String COT_LANGUAGE_MASK = "s_cot_language_mask";
    public static final String COT_PROMPTS = "s_cot_prompts";
    public static final String LOGPROBS = "s_logprobs";
    public static final String TOP_LOGPROBS = "s_top_logprobs";
    public static final String MULTI_COMPLETION = "s_multi_completion";
    public static final String COMPLETIONS = "s_completions";
    public static final String TEMPERATURES = "s_temperatures";
    public static final String TEMPERATURE_SUM = "s_temperature_sum";
    public static final String TEMPERATURE_SQUARED = "s_temperature_squared";
    public static final String TEMPERATURE_SKETCH = "s_temperature_sketch";
    public static final String NEAR_LIMIT = "s_near_limit";
    public static final String EFFORT_HIGH = "s_effort_high";
    public static final String SINGLE_TURN = "s_single_turn";
    public static final String FOLLOW_UP = "s_follow_up";
    public static final String STRUCTURED_PAIR = "s_structured_pair";
    public static final String PROMPT_REUSE_SKETCH = "s_prompt_reuse_sketch";
    public static final String RESPONSE_SKETCH = "s_response_sketch";
    public static final String NETWORK_SKETCH = "s_network_sketch";
    public static final String USER_AGENT_SKETCH = "s_user_agent_sketch";
    public static final String API_KEY_SKETCH = "s_api_key_sketch";
    public static final String PAYMENT_SKETCH = "s_payment_sketch";
    public static final String COUNTRY_SKETCH = "s_country_sketch";
    public static final String CREATED_SECONDS = "s_created_seconds";
    public static final String SECRETS = "s_secrets";
    public static final String SECRET_REQUESTS = "s_secret_requests";
    public static final String DAYS = "s_days";
    // Day-only timing, read from the day's per-minute histogram.
    public static final String MINUTE_GAP_MEAN = "d_minute_gap_mean";
    public static final String MINUTE_GAP_SQUARED = "d_minute_gap_squared";
    public static final String MINUTE_GAPS = "d_minute_gaps";
    public static final String LONGEST_IDLE_MINUTES = "d_longest_idle_minutes";
    public static final String SQUARED_PER_MINUTE = "d_squared_per_minute";
    public static final String SPAN_MINUTES = "d_span_minutes";

    // Evidence columns (account_day_evidence/).
    public static final String TOP_TEMPLATES = "top_templates";
    public static final String TEMPLATE_SKELETONS = "template_skeletons";
    public static final String PROMPT_SIGNATURE = "prompt_signature";
    public static final String CLIENT_NETWORKS = "client_networks";
    public static final String USER_AGENTS = "user_agents";
    public static final String PAYMENT_FINGERPRINTS = "payment_fingerprints";
    public static final String HOUR_VECTOR = "hour_vector";
    public static final String MINUTE_HISTOGRAM = "minute_histogram";

    static final String[] REQUIRED = {
        EventSchema.ACCOUNT_ID, EventSchema.DATE, EventSchema.TIMESTAMP, EventSchema.PROMPT, EventSchema.RESPONSE,
        EventSchema.SYSTEM_PROMPT, EventSchema.PROMPT_TOKENS, EventSchema.COMPLETION_TOKENS,
        EventSchema.REASONING_TOKENS, EventSchema.STATUS, EventSchema.LOGPROBS, EventSchema.TOP_LOGPROBS, EventSchema.N,
        EventSchema.TEMPERATURE, EventSchema.MAX_TOKENS, EventSchema.REASONING_EFFORT, EventSchema.USER_TURNS,
        EventSchema.ASSISTANT_TURNS, EventSchema.TOOL_COUNT, EventSchema.CLIENT_NETWORK, EventSchema.USER_AGENT,
        EventSchema.API_KEY, EventSchema.PAYMENT_FINGERPRINT, EventSchema.COUNTRY, EventSchema.ACCOUNT_CREATED_AT,
        EventSchema.SECRET_COUNTS};

    private DailyState() {}

    /**
     * Per-event columns: built-in expressions, plus the text analysis from the text function, flattened. The
     * aggregation then reads only narrow numeric columns: the text columns (prompt, response, system prompt) end at
     * this projection, as their lengths and hashes, so the rows the aggregation buffers and sorts carry no text, and
     * no field of the analysis is extracted from a struct or array more than once per event.
     */
    static Dataset<Row> derive(Dataset<Row> events, FeatureConfig config, Lexicons lexicons) {
        EventSchema.requireColumns(events.schema(), "features", REQUIRED);
        UserDefinedFunction text = udf(new TextFeaturesFunction(config, lexicons), TextFeaturesFunction.SCHEMA)
                .asNondeterministic().withName("distillguard_text_features");
        // The secret counts reach the text function as the map's values, which it sums: Spark's own sum of them,
        // aggregate() with a lambda, has no generated code, and the interpreted fallback made every event's whole row,
        // prompt and response text included, into an UnsafeRow first. An empty map passes as null, sparing most
        // events the conversion of an array; the flags tell it from a null map.
        Dataset<Row> analysed = events.select(col("*"),
                unix_seconds(col(EventSchema.TIMESTAMP)).as(EVENT_SECONDS),
                xxhash64(col(EventSchema.PROMPT)).as(PROMPT_HASH),
                when(col(EventSchema.SYSTEM_PROMPT).notEqual(""), xxhash64(col(EventSchema.SYSTEM_PROMPT)))
                        .as(SYSTEM_HASH),
                text.apply(col(EventSchema.PROMPT), col(EventSchema.RESPONSE), hour(col(EventSchema.TIMESTAMP)),
                        col(EventSchema.TOOL_COUNT), eventFlags(config), eventValues(),
                        when(size(col(EventSchema.SECRET_COUNTS)).gt(0), map_values(col(EventSchema.SECRET_COUNTS))))
                        .as(TEXT));
        List<Column> flat = new ArrayList<>();
        for (String name : analysed.columns()) {
            if (!name.equals(TEXT) && !name.equals(EventSchema.PROMPT) && !name.equals(EventSchema.RESPONSE)
                    && !name.equals(EventSchema.SYSTEM_PROMPT) && !name.equals(EventSchema.DATE)) {
                flat.add(col(name));
            }
        }
        flat.add(col(EventSchema.DATE).cast("string").as(EventSchema.DATE));
        flat.add(expr("floor(" + EVENT_SECONDS + " / 60)").as(EVENT_MINUTE));
        for (StructField field : TextFeaturesFunction.SCHEMA.fields()) {
            Column value = col(TEXT).getField(field.name());
            if (field.name().equals(TextFeaturesFunction.SKELETON)) {
                value = value.cast("string"); // the function's UTF-8 bytes, taken as the string without a copy
            }
            flat.add(value.as(TEXT_PREFIX + field.name()));
        }
        return analysed.select(flat.toArray(Column[]::new));
    }

    /**
     * What an event's columns count towards in the day's state, as {@link EventVectorsAggregator.Event} flags: each
     * bit is set where its condition holds (a null condition sets none, as a SQL count of it counts nothing).
     */
    static Column eventFlags(FeatureConfig config) {
        Column status = col(EventSchema.STATUS);
        Column[] flags = {
            flag(status.equalTo(429), EventVectorsAggregator.Event.RATE_LIMITED),
            flag(status.geq(400).and(status.notEqual(429)), EventVectorsAggregator.Event.ERROR),
            flag(col(EventSchema.SYSTEM_PROMPT).notEqual(""), EventVectorsAggregator.Event.SYSTEM_PROMPT),
            flag(col(EventSchema.LOGPROBS), EventVectorsAggregator.Event.LOGPROBS),
            flag(col(EventSchema.N).gt(1), EventVectorsAggregator.Event.MULTI_COMPLETION),
            flag(col(EventSchema.TEMPERATURE).isNotNull(), EventVectorsAggregator.Event.HAS_TEMPERATURE),
            flag(col(EventSchema.MAX_TOKENS).geq(config.nearLimitTokens()), EventVectorsAggregator.Event.NEAR_LIMIT),
            flag(col(EventSchema.REASONING_EFFORT).equalTo("high"), EventVectorsAggregator.Event.EFFORT_HIGH),
            flag(col(EventSchema.USER_TURNS).leq(1).and(col(EventSchema.ASSISTANT_TURNS).equalTo(0)),
                    EventVectorsAggregator.Event.SINGLE_TURN),
            flag(col(EventSchema.TIMESTAMP).isNotNull(), EventVectorsAggregator.Event.HAS_SECONDS),
            flag(col(EventSchema.ACCOUNT_CREATED_AT).isNotNull(), EventVectorsAggregator.Event.HAS_CREATED),
            // Known unless the map is null; the text function clears it for a null count in the map.
            flag(col(EventSchema.SECRET_COUNTS).isNotNull(), EventVectorsAggregator.Event.HAS_SECRETS),
        };
        Column all = flags[0];
        for (int i = 1; i < flags.length; i++) {
            all = all.bitwiseOR(flags[i]);
        }
        return all;
    }

    private static Column flag(Column condition, int bit) {
        return when(condition, lit(bit)).otherwise(lit(0));
    }

    /**
     * What an event's columns add to the day's state, as one struct in {@link EventVectorsAggregator.Event}'s order
     * (the longs, then the doubles); a null field adds nothing. The text function fills the shingles, the secrets'
     * total, the prompt's length and its entropy.
     */
    static Column eventValues() {
        Column logprobs = coalesce(col(EventSchema.LOGPROBS), lit(false));
        Column[] longs = new Column[EventVectorsAggregator.Event.LONGS];
        longs[EventVectorsAggregator.Event.INPUT_TOKENS] = col(EventSchema.PROMPT_TOKENS).cast("long");
        longs[EventVectorsAggregator.Event.OUTPUT_TOKENS] = col(EventSchema.COMPLETION_TOKENS).cast("long");
        longs[EventVectorsAggregator.Event.REASONING_TOKENS] = col(EventSchema.REASONING_TOKENS).cast("long");
        longs[EventVectorsAggregator.Event.TOP_LOGPROBS] = when(logprobs, coalesce(col(EventSchema.TOP_LOGPROBS), lit(0)))
                .otherwise(0).cast("long");
        longs[EventVectorsAggregator.Event.COMPLETIONS] = coalesce(col(EventSchema.N), lit(1)).cast("long");
        longs[EventVectorsAggregator.Event.SHINGLES] = lit(0L);
        longs[EventVectorsAggregator.Event.SECRETS] = lit(0L);
        longs[EventVectorsAggregator.Event.SECONDS] = unix_seconds(col(EventSchema.TIMESTAMP));
        longs[EventVectorsAggregator.Event.CREATED_SECONDS] = unix_seconds(col(EventSchema.ACCOUNT_CREATED_AT));
        Column[] doubles = new Column[EventVectorsAggregator.Event.DOUBLES];
        doubles[EventVectorsAggregator.Event.PROMPT_CHARS] = lit(0.0);
        doubles[EventVectorsAggregator.Event.LEXICAL_ENTROPY] = lit(0.0);
        doubles[EventVectorsAggregator.Event.TEMPERATURE] = col(EventSchema.TEMPERATURE).cast("double");
        Column[] fields = new Column[longs.length + doubles.length];
        for (int i = 0; i < longs.length; i++) {
            fields[i] = longs[i].as("l" + i);
        }
        for (int i = 0; i < doubles.length; i++) {
            fields[longs.length + i] = doubles[i].as("d" + i);
        }
        return struct(fields);
    }

    /** Capacity of the per-minute frequent-items sketch: exact while the distinct minutes stay below 3/4 of it. */
    static int minuteCapacity(int days) {
        return Integer.highestOneBit((int) Math.ceil(days * 1440 / 0.75)) << 1;
    }

    /**
     * The state of each (account, date) group of derived events, plus the evidence-only aggregates. {@code days}
     * bounds the distinct minutes (1 for a day; the window length when a window is aggregated from events directly).
     */
    static Dataset<Row> aggregate(Dataset<Row> derived, FeatureConfig config, Lexicons lexicons, int days) {
        int lgK = config.hllLgConfigK();
        int tracked = config.templateTrackedItems();
        int minutes = minuteCapacity(days);
        int setTracked = Math.max(16, config.evidenceSetSize() * 4);
        UserDefinedFunction vectors = udaf(new EventVectorsAggregator(lexicons.capabilityNames().size()),
                Encoders.BINARY()).withName("distillguard_event_vectors");
        int[] frequentTracked = {tracked, tracked, SYSTEM_PROMPTS_TRACKED}; // in SKETCH_INPUTS' order
        UserDefinedFunction sketches = udaf(new DaySketchesAggregator(SKETCH_LONGS, SKETCH_BYTES, lgK, frequentTracked),
                Encoders.row(DaySketchesAggregator.input(SKETCH_LONGS, SKETCH_BYTES, frequentTracked.length)))
                .withName("distillguard_day_sketches");

        // Counts, sums, extremes and bit sets come from the one vector aggregate (see DayVectors), the HLL sketches and
        // frequent-items states from the one sketch aggregate (see DaySketchesAggregator).
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(vectors.apply(textField(TextFeaturesFunction.VECTOR)).as(VECTORS));
        aggregates.add(call_function("approx_top_k", col(EVENT_MINUTE), lit(minutes), lit(minutes)).as(MINUTE_HISTOGRAM));
        aggregates.add(sketches.apply(SKETCH_INPUTS.stream().map(Map.Entry::getValue).toArray(Column[]::new))
                .as(SKETCHES));
        aggregates.add(call_function("approx_top_k", textField(TextFeaturesFunction.SKELETON),
                lit(Math.max(1, config.evidenceSkeletons())), lit(tracked)).as(TEMPLATE_SKELETONS));
        // Every tracked value, not the evidence's few: which of equally frequent values make the evidence must not depend
        // on the order the sketch saw them in (DailyFeatures.Result#evidence ranks and cuts them).
        aggregates.add(call_function("approx_top_k", col(EventSchema.CLIENT_NETWORK), lit(setTracked), lit(setTracked)).as(CLIENT_NETWORKS));
        aggregates.add(call_function("approx_top_k", col(EventSchema.USER_AGENT), lit(setTracked), lit(setTracked)).as(USER_AGENTS));
        aggregates.add(call_function("approx_top_k", col(EventSchema.PAYMENT_FINGERPRINT), lit(setTracked), lit(setTracked)).as(PAYMENT_FINGERPRINTS));

        Dataset<Row> grouped = derived.groupBy(col(EventSchema.ACCOUNT_ID), col(EventSchema.DATE))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
        // The day's active minutes, sorted once per account-day (sort_array's native ordering), then the gap and
        // per-minute statistics in one loop of the timing function rather than Spark's lambda functions.
        String sorted = "minutes_sorted";
        String timing = "minute_timing";
        UserDefinedFunction minuteTiming = udf(new MinuteTimingFunction(), MinuteTimingFunction.SCHEMA)
                .withName("distillguard_minute_timing");
        Column totals = col(VECTORS).getField("totals");
        Column measures = col(VECTORS).getField("measures");
        Column masks = col(VECTORS).getField("masks");
        List<Column> columns = new ArrayList<>();
        columns.add(col("*"));
        TOTAL_COLUMNS.forEach(column -> columns.add(totals.getItem(column.getValue()).as(column.getKey())));
        MEASURE_COLUMNS.forEach(column -> columns.add(measures.getItem(column.getValue()).as(column.getKey())));
        MASK_COLUMNS.forEach(column -> columns.add(masks.getItem(column.getValue()).as(column.getKey())));
        Column sketchBytes = col(SKETCHES).getField("sketches");
        int hllSketches = SKETCH_LONGS + SKETCH_BYTES;
        for (int i = 0; i < SKETCH_INPUTS.size(); i++) {
            Column bytes = sketchBytes.getItem(i);
            columns.add((i < hllSketches ? bytes : LongTopKCombiner.state(bytes, frequentTracked[i - hllSketches]))
                    .as(SKETCH_INPUTS.get(i).getKey()));
        }
        // Null where the SQL aggregate is: the extremes and the sums of values no event had.
        columns.add(known(totals, DayVectors.T_SECONDS_KNOWN, totals.getItem(DayVectors.T_FIRST_SECONDS)).as(FIRST_SECONDS));
        columns.add(known(totals, DayVectors.T_SECONDS_KNOWN, totals.getItem(DayVectors.T_LAST_SECONDS)).as(LAST_SECONDS));
        columns.add(known(totals, DayVectors.T_CREATED_KNOWN, totals.getItem(DayVectors.T_CREATED_SECONDS)).as(CREATED_SECONDS));
        columns.add(known(totals, DayVectors.T_SECRETS_KNOWN, totals.getItem(DayVectors.T_SECRETS)).as(SECRETS));
        columns.add(known(totals, DayVectors.T_TEMPERATURES, measures.getItem(DayVectors.M_TEMPERATURE_SUM)).as(TEMPERATURE_SUM));
        columns.add(known(totals, DayVectors.T_TEMPERATURES, measures.getItem(DayVectors.M_TEMPERATURE_SQUARED)).as(TEMPERATURE_SQUARED));
        return grouped.select(columns.toArray(Column[]::new))
                .withColumn(sorted, expr("sort_array(" + MINUTE_HISTOGRAM + ".item)"))
                .withColumn(HOURS, col(VECTORS).getField("hours"))
                .withColumn(SIGNATURE, col(VECTORS).getField("signature"))
                .withColumn(CAPABILITY_HITS, col(VECTORS).getField("capabilities"))
                .withColumn(ACTIVE_MINUTES, expr("size(" + MINUTE_HISTOGRAM + ")").cast("long"))
                .withColumn(PEAK_PER_MINUTE, expr("array_max(" + MINUTE_HISTOGRAM + ".count)"))
                .withColumn(DAYS, lit(1L))
                .withColumn(timing, minuteTiming.apply(col(sorted), expr(MINUTE_HISTOGRAM + ".count")))
                .withColumn(MINUTE_GAPS, col(timing).getField(MinuteTimingFunction.GAPS))
                .withColumn(MINUTE_GAP_MEAN, col(timing).getField(MinuteTimingFunction.GAP_MEAN))
                .withColumn(MINUTE_GAP_SQUARED, col(timing).getField(MinuteTimingFunction.GAP_SQUARED))
                .withColumn(LONGEST_IDLE_MINUTES, col(timing).getField(MinuteTimingFunction.LONGEST_IDLE))
                .withColumn(SQUARED_PER_MINUTE, col(timing).getField(MinuteTimingFunction.SQUARED_PER_MINUTE))
                .withColumn(SPAN_MINUTES, expr("floor(" + LAST_SECONDS + " / 60) - floor(" + FIRST_SECONDS + " / 60) + 1"))
                .drop(timing, sorted, VECTORS, SKETCHES);
    }

    /** The columns of the state table, in order (everything the merge and the feature reader need). */
    static List<String> stateColumns() {
        return List.of(REQUESTS, INPUT_TOKENS, OUTPUT_TOKENS, REASONING_TOKENS, RATE_LIMITED, ERRORS, HOURS,
                ACTIVE_MINUTES, PEAK_PER_MINUTE, FIRST_SECONDS, LAST_SECONDS, PROMPT_CHARS, PROMPT_CHARS_SQUARED,
                EMPTY_PROMPTS, LEXICAL_ENTROPY, SHINGLES, SIGNATURE, PROMPT_SKETCH, NEAR_DUPLICATE_SKETCH,
                HEAD_TEMPLATES, TAIL_TEMPLATES, SYSTEM_PROMPTS, SYSTEM_PROMPT_REQUESTS, LANGUAGE_MASK, CAPABILITY_MASK,
                CAPABILITY_HITS, COT_LANGUAGE_MASK, COT_PROMPTS, LOGPROBS, TOP_LOGPROBS, MULTI_COMPLETION, COMPLETIONS,
                TEMPERATURES, TEMPERATURE_SUM, TEMPERATURE_SQUARED, TEMPERATURE_SKETCH, NEAR_LIMIT, EFFORT_HIGH,
                SINGLE_TURN, FOLLOW_UP, STRUCTURED_PAIR, PROMPT_REUSE_SKETCH, RESPONSE_SKETCH, NETWORK_SKETCH,
                USER_AGENT_SKETCH, API_KEY_SKETCH, PAYMENT_SKETCH, COUNTRY_SKETCH, CREATED_SECONDS, SECRETS,
                SECRET_REQUESTS, DAYS, MINUTE_GAP_MEAN, MINUTE_GAP_SQUARED, MINUTE_GAPS, LONGEST_IDLE_MINUTES,
                SQUARED_PER_MINUTE, SPAN_MINUTES);
    }

    /**
     * Merges stored daily states of one account into one state per account, labelled with {@code date}: sums add,
     * extremes take the extreme, bit sets OR, MinHash bins take the minimum, sketches union. Day-only timing
     * columns become null.
     */
    static Dataset<Row> merge(Dataset<Row> states, String date, FeatureConfig config, int capabilityCount) {
        EventSchema.requireColumns(states.schema(), "the window merge", REQUESTS, HOURS, SIGNATURE, HEAD_TEMPLATES);
        for (String name : List.of(HEAD_TEMPLATES, TAIL_TEMPLATES, SYSTEM_PROMPTS)) {
            // LongTopKCombiner reads sketches of long items only; Spark's combine would reject other types per row.
            DataType type = states.schema().apply(name).dataType();
            if (!(type instanceof StructType struct) || struct.fieldNames().length != 4
                    || !(struct.fields()[2].dataType() instanceof LongType)) {
                throw new IllegalArgumentException("Cannot merge feature states: " + name + " is " + type.simpleString()
                        + ", expected the frequent-items state of long items; recompute the states from their events");
            }
        }
        int tracked = config.templateTrackedItems();
        // The plain columns in one buffer (see StateTotalsMerger), each read back below as the SQL aggregate that
        // defines it would give it: sum, min, max or bit_or, null where no state had a value.
        List<String> longNames = new ArrayList<>();
        List<StateTotalsMerger.Op> longOps = new ArrayList<>();
        List<DataType> longTypes = new ArrayList<>();
        List<String> doubleNames = new ArrayList<>();
        for (Map.Entry<String, StateTotalsMerger.Op> column : MERGED_TOTALS) {
            String name = column.getKey();
            DataType type = states.schema().apply(name).dataType();
            if (type instanceof LongType || type instanceof IntegerType || type instanceof ShortType
                    || type instanceof ByteType) {
                longNames.add(name);
                longOps.add(column.getValue());
                longTypes.add(column.getValue() == StateTotalsMerger.Op.SUM ? DataTypes.LongType : type);
            } else if ((type instanceof DoubleType || type instanceof FloatType)
                    && column.getValue() == StateTotalsMerger.Op.SUM) {
                doubleNames.add(name);
            } else {
                throw new IllegalArgumentException("Cannot merge feature states: " + name + " is " + type.simpleString()
                        + ", expected " + (column.getValue() == StateTotalsMerger.Op.SUM ? "a number" : "an integer")
                        + "; recompute the states from their events");
            }
        }
        Column present = lit(0L);
        List<String> totalNames = new ArrayList<>(longNames);
        totalNames.addAll(doubleNames);
        for (int i = 0; i < totalNames.size(); i++) {
            present = present.bitwiseOR(when(col(totalNames.get(i)).isNotNull(), lit(1L << i)).otherwise(lit(0L)));
        }
        UserDefinedFunction totals = udaf(new StateTotalsMerger(longOps, doubleNames.size()),
                Encoders.bean(StateTotals.class)).withName("distillguard_merge_state_totals");
        List<Column> aggregates = new ArrayList<>();
        // In the bean's column order: doubles, longs, present.
        aggregates.add(totals.apply(
                array(doubleNames.stream().map(name -> coalesce(col(name).cast("double"), lit(0.0))).toArray(Column[]::new)),
                array(longNames.stream().map(name -> coalesce(col(name).cast("long"), lit(0L))).toArray(Column[]::new)),
                present).as(TOTALS));
        for (String name : List.of(PROMPT_SKETCH, NEAR_DUPLICATE_SKETCH, TEMPERATURE_SKETCH, PROMPT_REUSE_SKETCH,
                RESPONSE_SKETCH, NETWORK_SKETCH, USER_AGENT_SKETCH, API_KEY_SKETCH, PAYMENT_SKETCH, COUNTRY_SKETCH)) {
            aggregates.add(hll_union_agg(col(name)).as(name));
        }
        // approx_top_k_combine's work, without its per-row parse of the item type (see LongTopKCombiner).
        UserDefinedFunction templates = udaf(new LongTopKCombiner(tracked), Encoders.BINARY())
                .withName("distillguard_combine_templates");
        UserDefinedFunction systemPrompts = udaf(new LongTopKCombiner(SYSTEM_PROMPTS_TRACKED), Encoders.BINARY())
                .withName("distillguard_combine_system_prompts");
        aggregates.add(templates.apply(col(HEAD_TEMPLATES).getField("sketch")).as(HEAD_TEMPLATES));
        aggregates.add(templates.apply(col(TAIL_TEMPLATES).getField("sketch")).as(TAIL_TEMPLATES));
        aggregates.add(systemPrompts.apply(col(SYSTEM_PROMPTS).getField("sketch")).as(SYSTEM_PROMPTS));
        // The three vectors in one buffer (as in the daily aggregation), in the bean's column order.
        UserDefinedFunction vectors = udaf(new EventVectorsAggregator.Merger(capabilityCount),
                Encoders.bean(EventVectors.class)).withName("distillguard_merge_event_vectors");
        aggregates.add(vectors.apply(col(CAPABILITY_HITS), col(HOURS), col(SIGNATURE)).as(VECTORS));
        Dataset<Row> merged = states.groupBy(col(EventSchema.ACCOUNT_ID))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .withColumn(EventSchema.DATE, lit(date))
                .withColumn(HOURS, col(VECTORS).getField("hours"))
                .withColumn(SIGNATURE, col(VECTORS).getField("signature"))
                .withColumn(CAPABILITY_HITS, col(VECTORS).getField("capabilities"))
                .withColumn(HEAD_TEMPLATES, LongTopKCombiner.state(col(HEAD_TEMPLATES), tracked))
                .withColumn(TAIL_TEMPLATES, LongTopKCombiner.state(col(TAIL_TEMPLATES), tracked))
                .withColumn(SYSTEM_PROMPTS, LongTopKCombiner.state(col(SYSTEM_PROMPTS), SYSTEM_PROMPTS_TRACKED))
                .drop(VECTORS);
        List<Column> read = new ArrayList<>();
        read.add(col("*"));
        Column presentBits = col(TOTALS).getField("present");
        for (int i = 0; i < longNames.size(); i++) {
            read.add(when(presentBits.bitwiseAND(lit(1L << i)).notEqual(0L),
                    col(TOTALS).getField("longs").getItem(i).cast(longTypes.get(i))).as(longNames.get(i)));
        }
        for (int i = 0; i < doubleNames.size(); i++) {
            read.add(when(presentBits.bitwiseAND(lit(1L << (longNames.size() + i))).notEqual(0L),
                    col(TOTALS).getField("doubles").getItem(i)).as(doubleNames.get(i)));
        }
        merged = merged.select(read.toArray(Column[]::new)).drop(TOTALS);
        for (String name : List.of(MINUTE_GAP_MEAN, MINUTE_GAP_SQUARED, SQUARED_PER_MINUTE)) {
            merged = merged.withColumn(name, lit(null).cast("double"));
        }
        for (String name : List.of(MINUTE_GAPS, LONGEST_IDLE_MINUTES, SPAN_MINUTES)) {
            merged = merged.withColumn(name, lit(null).cast("long"));
        }
        return merged.select(keyedStateColumns());
    }

    static Column[] keyedStateColumns() {
        List<Column> columns = new ArrayList<>();
        columns.add(col(EventSchema.ACCOUNT_ID));
        columns.add(col(EventSchema.DATE));
        stateColumns().forEach(name -> columns.add(col(name)));
        return columns.toArray(Column[]::new);
    }

    private static Column textField(String field) {
        return col(TEXT_PREFIX + field);
    }

    /**
     * The sketch aggregate's state columns and their items, in its input order: the long-valued HLL items, the
     * binary-valued ones (as {@code hll_sketch_agg} hashes a string: its UTF-8 bytes), then the frequent items.
     */
    private static final List<Map.Entry<String, Column>> SKETCH_INPUTS = List.of(
            entry(PROMPT_SKETCH, col(PROMPT_HASH)),
            entry(NEAR_DUPLICATE_SKETCH, textField(TextFeaturesFunction.NEAR_DUPLICATE_KEY)),
            entry(PROMPT_REUSE_SKETCH, textField(TextFeaturesFunction.PROMPT_REUSE_KEY)),
            entry(RESPONSE_SKETCH, textField(TextFeaturesFunction.RESPONSE_KEY)),
            entry(TEMPERATURE_SKETCH, col(EventSchema.TEMPERATURE).cast("string").cast("binary")),
            entry(NETWORK_SKETCH, col(EventSchema.CLIENT_NETWORK).cast("binary")),
            entry(USER_AGENT_SKETCH, col(EventSchema.USER_AGENT).cast("binary")),
            entry(API_KEY_SKETCH, col(EventSchema.API_KEY).cast("binary")),
            entry(PAYMENT_SKETCH, col(EventSchema.PAYMENT_FINGERPRINT).cast("binary")),
            entry(COUNTRY_SKETCH, col(EventSchema.COUNTRY).cast("binary")),
            entry(HEAD_TEMPLATES, textField(TextFeaturesFunction.TEMPLATE_HEAD)),
            entry(TAIL_TEMPLATES, textField(TextFeaturesFunction.TEMPLATE_TAIL)),
            entry(SYSTEM_PROMPTS, col(SYSTEM_HASH)));
    private static final int SKETCH_LONGS = 4;
    private static final int SKETCH_BYTES = 6;

    /** The plain state columns of the window merge and how each merges (see {@link StateTotalsMerger}). */
    private static final List<Map.Entry<String, StateTotalsMerger.Op>> MERGED_TOTALS = mergedTotals();

    private static List<Map.Entry<String, StateTotalsMerger.Op>> mergedTotals() {
        List<Map.Entry<String, StateTotalsMerger.Op>> columns = new ArrayList<>();
        for (String name : List.of(REQUESTS, INPUT_TOKENS, OUTPUT_TOKENS, REASONING_TOKENS, RATE_LIMITED, ERRORS,
                ACTIVE_MINUTES, PROMPT_CHARS, PROMPT_CHARS_SQUARED, EMPTY_PROMPTS, LEXICAL_ENTROPY, SHINGLES,
                SYSTEM_PROMPT_REQUESTS, COT_PROMPTS, LOGPROBS, TOP_LOGPROBS, MULTI_COMPLETION, COMPLETIONS, TEMPERATURES,
                TEMPERATURE_SUM, TEMPERATURE_SQUARED, NEAR_LIMIT, EFFORT_HIGH, SINGLE_TURN, FOLLOW_UP, STRUCTURED_PAIR,
                SECRETS, SECRET_REQUESTS, DAYS)) {
            columns.add(entry(name, StateTotalsMerger.Op.SUM));
        }
        columns.add(entry(PEAK_PER_MINUTE, StateTotalsMerger.Op.MAX));
        columns.add(entry(FIRST_SECONDS, StateTotalsMerger.Op.MIN));
        columns.add(entry(LAST_SECONDS, StateTotalsMerger.Op.MAX));
        columns.add(entry(CREATED_SECONDS, StateTotalsMerger.Op.MIN));
        for (String name : List.of(LANGUAGE_MASK, CAPABILITY_MASK, COT_LANGUAGE_MASK)) {
            columns.add(entry(name, StateTotalsMerger.Op.OR));
        }
        return List.copyOf(columns);
    }

    /** State columns read as they are from the day aggregate's totals, by index. */
    private static final List<Map.Entry<String, Integer>> TOTAL_COLUMNS = List.of(
            entry(REQUESTS, DayVectors.T_REQUESTS), entry(INPUT_TOKENS, DayVectors.T_INPUT_TOKENS),
            entry(OUTPUT_TOKENS, DayVectors.T_OUTPUT_TOKENS), entry(REASONING_TOKENS, DayVectors.T_REASONING_TOKENS),
            entry(RATE_LIMITED, DayVectors.T_RATE_LIMITED), entry(ERRORS, DayVectors.T_ERRORS),
            entry(EMPTY_PROMPTS, DayVectors.T_EMPTY_PROMPTS), entry(SHINGLES, DayVectors.T_SHINGLES),
            entry(SYSTEM_PROMPT_REQUESTS, DayVectors.T_SYSTEM_PROMPT_REQUESTS),
            entry(COT_PROMPTS, DayVectors.T_COT_PROMPTS), entry(LOGPROBS, DayVectors.T_LOGPROBS),
            entry(TOP_LOGPROBS, DayVectors.T_TOP_LOGPROBS), entry(MULTI_COMPLETION, DayVectors.T_MULTI_COMPLETION),
            entry(COMPLETIONS, DayVectors.T_COMPLETIONS), entry(TEMPERATURES, DayVectors.T_TEMPERATURES),
            entry(NEAR_LIMIT, DayVectors.T_NEAR_LIMIT), entry(EFFORT_HIGH, DayVectors.T_EFFORT_HIGH),
            entry(SINGLE_TURN, DayVectors.T_SINGLE_TURN), entry(FOLLOW_UP, DayVectors.T_FOLLOW_UP),
            entry(STRUCTURED_PAIR, DayVectors.T_STRUCTURED_PAIR),
            entry(SECRET_REQUESTS, DayVectors.T_SECRET_REQUESTS));
    /** State columns read as they are from the day aggregate's measures. */
    private static final List<Map.Entry<String, Integer>> MEASURE_COLUMNS = List.of(
            entry(PROMPT_CHARS, DayVectors.M_PROMPT_CHARS),
            entry(PROMPT_CHARS_SQUARED, DayVectors.M_PROMPT_CHARS_SQUARED),
            entry(LEXICAL_ENTROPY, DayVectors.M_LEXICAL_ENTROPY));
    /** State columns read from the day aggregate's masks. */
    private static final List<Map.Entry<String, Integer>> MASK_COLUMNS = List.of(
            entry(LANGUAGE_MASK, DayVectors.K_LANGUAGE), entry(CAPABILITY_MASK, DayVectors.K_CAPABILITY),
            entry(COT_LANGUAGE_MASK, DayVectors.K_COT_LANGUAGE));

    /** {@code value} where {@code totals[count]} is positive, else null (as Spark's sum, min and max of no value). */
    private static Column known(Column totals, int count, Column value) {
        return when(totals.getItem(count).gt(0L), value);
    }
}
