package org.distillguard.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.bit_or;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * The counts, sums, extremes and bit sets of the day's state come from one aggregate ({@link DayVectors}); each must
 * equal the SQL aggregate that defines it, nulls included.
 */
class DailyStateTest {

    private static final FeatureConfig CONFIG = FeatureConfig.defaults();

    /** Each state column's definition as a plain SQL aggregate over the derived events. */
    private static Map<String, Column> definitions() {
        Column status = col(EventSchema.STATUS);
        Column chars = reference(CHARS).cast("double");
        Column secrets = expr("aggregate(map_values(" + EventSchema.SECRET_COUNTS + "), 0L, (total, x) -> total + x)");
        Column logprobs = coalesce(col(EventSchema.LOGPROBS), lit(false));
        Column temperature = col(EventSchema.TEMPERATURE);
        Map<String, Column> d = new LinkedHashMap<>();
        d.put(DailyState.REQUESTS, count(lit(1)));
        d.put(DailyState.INPUT_TOKENS, sum(coalesce(col(EventSchema.PROMPT_TOKENS), lit(0L))));
        d.put(DailyState.OUTPUT_TOKENS, sum(coalesce(col(EventSchema.COMPLETION_TOKENS), lit(0L))));
        d.put(DailyState.REASONING_TOKENS, sum(coalesce(col(EventSchema.REASONING_TOKENS), lit(0L))));
        d.put(DailyState.RATE_LIMITED, countIf(status.equalTo(429)));
        d.put(DailyState.ERRORS, countIf(status.geq(400).and(status.notEqual(429))));
        d.put(DailyState.FIRST_SECONDS, min(unix_seconds(col(EventSchema.TIMESTAMP))));
        d.put(DailyState.LAST_SECONDS, max(unix_seconds(col(EventSchema.TIMESTAMP))));
        d.put(DailyState.PROMPT_CHARS, sum(chars));
        d.put(DailyState.PROMPT_CHARS_SQUARED, sum(chars.multiply(chars)));
        d.put(DailyState.EMPTY_PROMPTS, countIf(reference(WORDS).equalTo(0)));
        d.put(DailyState.LEXICAL_ENTROPY, sum(reference(LEXICAL_ENTROPY)));
        d.put(DailyState.SHINGLES, sum(reference(SHINGLES).cast("long")));
        d.put(DailyState.SYSTEM_PROMPT_REQUESTS, count(col(DailyState.SYSTEM_HASH)));
        d.put(DailyState.LANGUAGE_MASK, bit_or(reference(LANGUAGE_MASK)));
        d.put(DailyState.CAPABILITY_MASK, bit_or(reference(CAPABILITY_MASK)));
        d.put(DailyState.COT_LANGUAGE_MASK, bit_or(reference(COT_MASK)));
        d.put(DailyState.COT_PROMPTS, countIf(reference(COT_MASK).notEqual(0)));
        d.put(DailyState.LOGPROBS, countIf(logprobs));
        d.put(DailyState.TOP_LOGPROBS, sum(when(logprobs, coalesce(col(EventSchema.TOP_LOGPROBS), lit(0))).otherwise(0)
                .cast("long")));
        d.put(DailyState.MULTI_COMPLETION, countIf(col(EventSchema.N).gt(1)));
        d.put(DailyState.COMPLETIONS, sum(coalesce(col(EventSchema.N), lit(1)).cast("long")));
        d.put(DailyState.TEMPERATURES, count(temperature));
        d.put(DailyState.TEMPERATURE_SUM, sum(temperature));
        d.put(DailyState.TEMPERATURE_SQUARED, sum(temperature.multiply(temperature)));
        d.put(DailyState.NEAR_LIMIT, countIf(col(EventSchema.MAX_TOKENS).geq(CONFIG.nearLimitTokens())));
        d.put(DailyState.EFFORT_HIGH, countIf(col(EventSchema.REASONING_EFFORT).equalTo("high")));
        d.put(DailyState.SINGLE_TURN, countIf(col(EventSchema.USER_TURNS).leq(1)
                .and(col(EventSchema.ASSISTANT_TURNS).equalTo(0))));
        d.put(DailyState.FOLLOW_UP, countIf(reference(FOLLOW_UP)));
        d.put(DailyState.STRUCTURED_PAIR, countIf(reference(STRUCTURED_PAIR)));
        d.put(DailyState.CREATED_SECONDS, min(unix_seconds(col(EventSchema.ACCOUNT_CREATED_AT))));
        d.put(DailyState.SECRETS, sum(secrets));
        d.put(DailyState.SECRET_REQUESTS, countIf(secrets.gt(0)));
        return d;
    }

    private static Column reference(String field) {
        return col(REFERENCE_PREFIX + field);
    }

    private static final ThreadLocal<PromptAnalyzer> ANALYZER =
            ThreadLocal.withInitial(() -> new PromptAnalyzer(CONFIG, Lexicons.shipped()));
    private static final int TOOL_BIT = 1 << Lexicons.shipped().capabilityNames().indexOf("tool-use");
    private static final String REFERENCE_PREFIX = "reference_";
    private static final String CHARS = "chars";
    private static final String WORDS = "words";
    private static final String SHINGLES = "shingles";
    private static final String LEXICAL_ENTROPY = "lexical_entropy";
    private static final String LANGUAGE_MASK = "language_mask";
    private static final String COT_MASK = "cot_mask";
    private static final String CAPABILITY_MASK = "capability_mask";
    private static final String FOLLOW_UP = "follow_up";
    private static final String STRUCTURED_PAIR = "structured_pair";

    /**
     * The events plus each prompt's analysis straight from {@link PromptAnalyzer} (a request with tools also counts
     * as tool use), as {@code reference_} columns: the per-event values the state's text columns must sum, count and
     * OR. The derivation keeps columns it does not know, so they reach the aggregation's input beside its own.
     */
    private static Dataset<Row> withReferenceAnalysis(Dataset<Row> events) {
        StructType schema = createStructType(List.of(
                createStructField(CHARS, IntegerType, false), createStructField(WORDS, IntegerType, false),
                createStructField(SHINGLES, IntegerType, false), createStructField(LEXICAL_ENTROPY, DoubleType, false),
                createStructField(LANGUAGE_MASK, IntegerType, false), createStructField(COT_MASK, IntegerType, false),
                createStructField(CAPABILITY_MASK, IntegerType, false), createStructField(FOLLOW_UP, BooleanType, false),
                createStructField(STRUCTURED_PAIR, BooleanType, false)));
        UserDefinedFunction analysis = udf((UDF2<String, Integer, Row>) (prompt, tools) -> {
            PromptAnalyzer analyzer = ANALYZER.get();
            analyzer.analyze(prompt);
            int tool = tools != null && tools > 0 ? TOOL_BIT : 0;
            return RowFactory.create(analyzer.codePoints(), analyzer.wordCount(), analyzer.shingleCount(),
                    analyzer.lexicalEntropy(), analyzer.languageMask(), analyzer.cotMask(),
                    analyzer.capabilityMask() | tool, analyzer.followUp(), analyzer.structuredPair());
        }, schema);
        Dataset<Row> analysed = events.withColumn("reference", analysis.apply(col(EventSchema.PROMPT),
                col(EventSchema.TOOL_COUNT)));
        for (String field : schema.fieldNames()) {
            analysed = analysed.withColumn(REFERENCE_PREFIX + field, col("reference").getField(field));
        }
        return analysed.drop("reference");
    }

    private static Column countIf(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }

    /** Rows by account of the state and of the definitions, compared column by column. */
    private static int assertStateEqualsDefinitions(Dataset<Row> events) {
        Lexicons lexicons = Lexicons.shipped();
        Dataset<Row> derived = DailyState.derive(withReferenceAnalysis(events), CONFIG, lexicons);
        Dataset<Row> state = DailyState.aggregate(derived, CONFIG, lexicons, 1);
        Map<String, Column> definitions = definitions();
        List<Column> aggregates = new ArrayList<>();
        definitions.forEach((name, definition) -> aggregates.add(definition.as(name)));
        Dataset<Row> expected = derived.groupBy(col(EventSchema.ACCOUNT_ID), col(EventSchema.DATE))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
        Map<String, Row> expectedRows = byKey(expected);
        Map<String, Row> actualRows = byKey(state);
        assertThat(actualRows.keySet()).isEqualTo(expectedRows.keySet());
        for (Map.Entry<String, Row> entry : expectedRows.entrySet()) {
            Row want = entry.getValue();
            Row got = actualRows.get(entry.getKey());
            assertSameValues(entry.getKey(), definitions.keySet(), want, got);
        }
        assertSameTypes(definitions.keySet(), expected, state);
        return expectedRows.size();
    }

    /** Each named column of {@code got} equals that of {@code want}: doubles up to rounding, the rest exactly. */
    private static void assertSameValues(String key, Iterable<String> names, Row want, Row got) {
        for (String name : names) {
            Object wanted = want.getAs(name);
            Object value = got.getAs(name);
            String where = key + " " + name;
            if (wanted instanceof Double number) {
                assertThat((Double) value).as(where).isCloseTo(number, within(1e-9 * Math.max(1.0, Math.abs(number))));
            } else {
                assertThat(value).as(where).isEqualTo(wanted);
            }
        }
    }

    private static void assertSameTypes(Iterable<String> names, Dataset<Row> expected, Dataset<Row> actual) {
        for (String name : names) {
            assertThat(actual.schema().apply(name).dataType()).as(name).isEqualTo(expected.schema().apply(name).dataType());
        }
    }

    private static Map<String, Row> byKey(Dataset<Row> rows) {
        Map<String, Row> byKey = new HashMap<>();
        for (Row row : rows.collectAsList()) {
            byKey.put(row.getAs(EventSchema.ACCOUNT_ID) + "/" + row.getAs(EventSchema.DATE), row);
        }
        return byKey;
    }

    @Test
    void givenEventsWithMissingValues_thenEachStateColumnEqualsItsSqlDefinition() {
        Events events = Events.create();
        // An account with a value of every kind, some missing.
        events.add("a", "2026-11-20T01:00:00Z", "Explain step by step: what is 2+2?").status(429).temperature(0.7)
                .n(3).maxTokens(1_000_000).logprobs(true, null).effort("high").system("be brief")
                .secrets(Map.of("aws-access-key", 2));
        events.add("a", "2026-11-20T05:30:00Z", "").status(503).logprobs(true, 5).turns(2, 1).system("")
                .tokens(null, 7L, 3L).created(null);
        events.add("a", "2026-11-20T23:59:59Z", "Write a poem about the sea").status(404).temperature(0.0)
                .logprobs(null, 4).effort("low").tools(2).secrets(Map.of());
        // An account without any temperature or creation time: their sums and minimum are null.
        events.add("b", "2026-11-20T12:00:00Z", "Translate 'hello' into French").created(null);
        events.add("b", "2026-11-20T12:00:30Z", "Translate 'thanks' into French").created(null).maxTokens(10);
        // The same account on another day.
        events.add("a", "2026-11-21T08:00:00Z", "Summarise this article").n(null).temperature(1.5);
        Dataset<Row> dataset = events.dataset();

        assertThat(assertStateEqualsDefinitions(dataset)).isEqualTo(3);
        Row b = byKey(DailyState.aggregate(DailyState.derive(dataset, CONFIG, Lexicons.shipped()), CONFIG,
                Lexicons.shipped(), 1)).get("b/2026-11-20");
        assertThat((Object) b.getAs(DailyState.TEMPERATURE_SUM)).isNull();
        assertThat((Long) b.getAs(DailyState.SECRETS)).isZero();
        assertThat((Object) b.getAs(DailyState.CREATED_SECONDS)).isNull();
        assertThat((Long) b.getAs(DailyState.NEAR_LIMIT)).isZero();
    }

    @Test
    void givenUnknownSecretCounts_thenTheSecretColumnsEqualTheirSqlDefinitions() {
        Events events = Events.create();
        events.add("a", "2026-11-20T01:00:00Z", "one").secrets(Map.of("aws-access-key", 2, "e-mail", 1));
        events.add("a", "2026-11-20T02:00:00Z", "two"); // a null map, below
        events.add("b", "2026-11-20T03:00:00Z", "three"); // a map with a null count, below
        events.add("c", "2026-11-20T04:00:00Z", "four"); // a null map, below: the account's total is unknown
        events.add("d", "2026-11-20T05:00:00Z", "five").secrets(Map.of("github-token", 0));
        Column hour = expr("hour(" + EventSchema.TIMESTAMP + ")");
        Dataset<Row> dataset = events.dataset().withColumn(EventSchema.SECRET_COUNTS,
                when(hour.isin(2, 4), lit(null))
                        .when(hour.equalTo(3), expr("map('aws-access-key', 1, 'e-mail', cast(null as int))"))
                        .otherwise(col(EventSchema.SECRET_COUNTS)));

        assertThat(assertStateEqualsDefinitions(dataset)).isEqualTo(4);
        Map<String, Row> state = byKey(DailyState.aggregate(DailyState.derive(dataset, CONFIG, Lexicons.shipped()),
                CONFIG, Lexicons.shipped(), 1));
        assertThat((Long) state.get("a/2026-11-20").getAs(DailyState.SECRETS)).isEqualTo(3L);
        assertThat((Long) state.get("a/2026-11-20").getAs(DailyState.SECRET_REQUESTS)).isEqualTo(1L);
        assertThat((Object) state.get("b/2026-11-20").getAs(DailyState.SECRETS)).isNull();
        assertThat((Object) state.get("c/2026-11-20").getAs(DailyState.SECRETS)).isNull();
        assertThat((Long) state.get("d/2026-11-20").getAs(DailyState.SECRETS)).isZero();
        assertThat((Long) state.get("d/2026-11-20").getAs(DailyState.SECRET_REQUESTS)).isZero();
    }

    @Test
    void givenSimulatedEvents_thenEachStateColumnEqualsItsSqlDefinition() {
        Dataset<Row> events = SparkTestSession.get().read().parquet(SimulatedEvents.eventsDir());
        assertThat(assertStateEqualsDefinitions(events)).isGreaterThan(100);
    }

    /**
     * The window merge's plain columns, each as the SQL aggregate that defines it over the stored states: sums, the
     * extremes and the bit sets, null where no state has a value.
     */
    @Test
    void givenStatesWithMissingValues_whenMerged_thenEachPlainColumnEqualsItsSqlDefinition() {
        Events events = Events.create();
        events.add("a", "2026-11-20T01:00:00Z", "Explain step by step: what is 2+2?").status(429).temperature(0.7)
                .n(3).logprobs(true, null).effort("high").system("be brief").secrets(Map.of("aws-access-key", 2));
        events.add("a", "2026-11-20T05:30:00Z", "").status(503).logprobs(true, 5).turns(2, 1).tokens(null, 7L, 3L);
        events.add("a", "2026-11-21T08:00:00Z", "Summarise this article, in German").n(null).temperature(1.5);
        events.add("a", "2026-11-22T09:00:00Z", "Write a poem about the sea").tools(2);
        events.add("b", "2026-11-21T12:00:00Z", "Translate 'hello' into French").created(null);
        events.add("c", "2026-11-22T12:00:00Z", "Translate 'thanks' into French");
        Lexicons lexicons = Lexicons.shipped();
        Dataset<Row> days = DailyState.aggregate(DailyState.derive(events.dataset(), CONFIG, lexicons), CONFIG,
                lexicons, 1);
        // Values missing from some stored days (as a state written without them would have): a's first day has no
        // first second, c has no masks and no peak at all, and b's one day no temperature sum (none recorded).
        Column firstDayOfA = col(EventSchema.ACCOUNT_ID).equalTo("a").and(col(EventSchema.DATE).equalTo("2026-11-20"));
        Column c = col(EventSchema.ACCOUNT_ID).equalTo("c");
        Dataset<Row> states = days
                .withColumn(DailyState.FIRST_SECONDS, when(firstDayOfA, lit(null)).otherwise(col(DailyState.FIRST_SECONDS)))
                .withColumn(DailyState.LANGUAGE_MASK, when(c, lit(null)).otherwise(col(DailyState.LANGUAGE_MASK)))
                .withColumn(DailyState.PEAK_PER_MINUTE, when(c, lit(null)).otherwise(col(DailyState.PEAK_PER_MINUTE)))
                .withColumn(DailyState.LEXICAL_ENTROPY, when(c, lit(null)).otherwise(col(DailyState.LEXICAL_ENTROPY)));

        Map<String, Column> definitions = new LinkedHashMap<>();
        for (String name : List.of(DailyState.REQUESTS, DailyState.INPUT_TOKENS, DailyState.OUTPUT_TOKENS,
                DailyState.REASONING_TOKENS, DailyState.RATE_LIMITED, DailyState.ERRORS, DailyState.ACTIVE_MINUTES,
                DailyState.PROMPT_CHARS, DailyState.PROMPT_CHARS_SQUARED, DailyState.EMPTY_PROMPTS,
                DailyState.LEXICAL_ENTROPY, DailyState.SHINGLES, DailyState.SYSTEM_PROMPT_REQUESTS,
                DailyState.COT_PROMPTS, DailyState.LOGPROBS, DailyState.TOP_LOGPROBS, DailyState.MULTI_COMPLETION,
                DailyState.COMPLETIONS, DailyState.TEMPERATURES, DailyState.TEMPERATURE_SUM,
                DailyState.TEMPERATURE_SQUARED, DailyState.NEAR_LIMIT, DailyState.EFFORT_HIGH, DailyState.SINGLE_TURN,
                DailyState.FOLLOW_UP, DailyState.STRUCTURED_PAIR, DailyState.SECRETS, DailyState.SECRET_REQUESTS,
                DailyState.DAYS)) {
            definitions.put(name, sum(col(name)));
        }
        definitions.put(DailyState.PEAK_PER_MINUTE, max(col(DailyState.PEAK_PER_MINUTE)));
        definitions.put(DailyState.FIRST_SECONDS, min(col(DailyState.FIRST_SECONDS)));
        definitions.put(DailyState.LAST_SECONDS, max(col(DailyState.LAST_SECONDS)));
        definitions.put(DailyState.CREATED_SECONDS, min(col(DailyState.CREATED_SECONDS)));
        for (String name : List.of(DailyState.LANGUAGE_MASK, DailyState.CAPABILITY_MASK, DailyState.COT_LANGUAGE_MASK)) {
            definitions.put(name, bit_or(col(name)));
        }
        List<Column> aggregates = new ArrayList<>();
        definitions.forEach((name, definition) -> aggregates.add(definition.as(name)));
        Dataset<Row> expected = states.groupBy(col(EventSchema.ACCOUNT_ID))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
        Dataset<Row> merged = DailyState.merge(states, "2026-11-22", CONFIG, lexicons.capabilityNames().size());

        Map<String, Row> want = new HashMap<>();
        expected.collectAsList().forEach(row -> want.put(row.getAs(EventSchema.ACCOUNT_ID), row));
        Map<String, Row> got = new HashMap<>();
        merged.collectAsList().forEach(row -> got.put(row.getAs(EventSchema.ACCOUNT_ID), row));
        assertThat(got.keySet()).containsExactlyInAnyOrder("a", "b", "c");
        for (String account : want.keySet()) {
            assertSameValues(account, definitions.keySet(), want.get(account), got.get(account));
        }
        assertSameTypes(definitions.keySet(), expected, merged);
        // The cases the nulls above set up, spelled out.
        assertThat((Long) got.get("a").getAs(DailyState.DAYS)).isEqualTo(3L);
        assertThat((Long) got.get("a").getAs(DailyState.REQUESTS)).isEqualTo(4L);
        assertThat((Object) got.get("a").getAs(DailyState.FIRST_SECONDS)).isNotNull();
        assertThat((Object) got.get("b").getAs(DailyState.TEMPERATURE_SUM)).isNull();
        assertThat((Object) got.get("b").getAs(DailyState.CREATED_SECONDS)).isNull();
        assertThat((Object) got.get("c").getAs(DailyState.LANGUAGE_MASK)).isNull();
        assertThat((Object) got.get("c").getAs(DailyState.PEAK_PER_MINUTE)).isNull();
        assertThat((Object) got.get("c").getAs(DailyState.LEXICAL_ENTROPY)).isNull();
    }

    /** Every fractional column of each account's state, as raw bits. */
    private static Map<String, List<Long>> fractionalBits(Dataset<Row> states, List<String> names, boolean byDate) {
        Map<String, List<Long>> bits = new HashMap<>();
        for (Row row : states.collectAsList()) {
            List<Long> values = new ArrayList<>();
            for (String name : names) {
                Object value = row.getAs(name);
                values.add(value == null ? null : Double.doubleToRawLongBits((Double) value));
            }
            bits.put(row.getAs(EventSchema.ACCOUNT_ID) + (byDate ? "/" + row.getAs(EventSchema.DATE) : ""), values);
        }
        return bits;
    }

    private static final List<String> FRACTIONAL = List.of(DailyState.PROMPT_CHARS, DailyState.PROMPT_CHARS_SQUARED,
            DailyState.LEXICAL_ENTROPY, DailyState.TEMPERATURE_SUM, DailyState.TEMPERATURE_SQUARED);

    /**
     * Spark merges partial buffers in the order its tasks and shuffle deliver them; the state's fractional sums must
     * not depend on it, so a re-run over the same events writes the same bits (plain double sums do not).
     */
    @Test
    void givenTheSameEventsSplitAndOrderedTwoWays_thenTheFractionalSumsAreTheSameBitsForBit() {
        Lexicons lexicons = Lexicons.shipped();
        Dataset<Row> events = SparkTestSession.get().read().parquet(SimulatedEvents.eventsDir());
        Dataset<Row> oneWay = events.repartition(1).sortWithinPartitions(col(EventSchema.REQUEST_ID));
        Dataset<Row> another = events.repartition(5, col(EventSchema.REQUEST_ID))
                .sortWithinPartitions(col(EventSchema.REQUEST_ID).desc());
        // The plain sums of these splits do differ, so the splits exercise the rounding.
        Column temperatureSquared = sum(col(EventSchema.TEMPERATURE).multiply(col(EventSchema.TEMPERATURE)))
                .as(DailyState.TEMPERATURE_SQUARED);
        Map<String, List<Long>> plainOne = fractionalBits(oneWay.groupBy(col(EventSchema.ACCOUNT_ID), col(EventSchema.DATE))
                .agg(temperatureSquared), List.of(DailyState.TEMPERATURE_SQUARED), true);
        Map<String, List<Long>> plainOther = fractionalBits(another.groupBy(col(EventSchema.ACCOUNT_ID),
                col(EventSchema.DATE)).agg(temperatureSquared), List.of(DailyState.TEMPERATURE_SQUARED), true);
        assertThat(plainOne).isNotEqualTo(plainOther);

        Dataset<Row> statesOne = DailyState.aggregate(DailyState.derive(oneWay, CONFIG, lexicons), CONFIG, lexicons, 1);
        Dataset<Row> statesOther = DailyState.aggregate(DailyState.derive(another, CONFIG, lexicons), CONFIG, lexicons, 1);
        Map<String, List<Long>> one = fractionalBits(statesOne, FRACTIONAL, true);
        assertThat(one).hasSizeGreaterThan(100).isEqualTo(fractionalBits(statesOther, FRACTIONAL, true));

        // The window merge of those states, split two ways, too.
        String last = statesOne.agg(org.apache.spark.sql.functions.max(col(EventSchema.DATE)).cast("string")).first()
                .getString(0);
        Dataset<Row> mergedOne = DailyState.merge(statesOne.repartition(1)
                .sortWithinPartitions(col(EventSchema.DATE)), last, CONFIG, lexicons.capabilityNames().size());
        Dataset<Row> mergedOther = DailyState.merge(statesOther.repartition(4, col(EventSchema.DATE))
                .sortWithinPartitions(col(EventSchema.DATE).desc()), last, CONFIG, lexicons.capabilityNames().size());
        assertThat(fractionalBits(mergedOne, FRACTIONAL, false)).hasSizeGreaterThan(50)
                .isEqualTo(fractionalBits(mergedOther, FRACTIONAL, false));
    }
}
