package org.distillguard.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.common.ArrayOfLongsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class SketchFeaturesFunctionTest {

    private static byte[] state(long... items) {
        ItemsSketch<Long> sketch = new ItemsSketch<>(LongTopKCombiner.maxMapSize(64));
        for (long item : items) {
            sketch.update(item);
        }
        byte[] bytes = sketch.toByteArray(new ArrayOfLongsSerDe());
        byte[] state = Arrays.copyOf(bytes, bytes.length + 8);
        ByteBuffer.wrap(state).putLong(bytes.length, 0L);
        return state;
    }

    private static <T> scala.collection.Seq<T> seq(List<T> values) {
        return CollectionConverters.asScala(values).toSeq();
    }

    /** A field of the function's result (its rows carry no schema). */
    private static Object field(Row row, String name) {
        return row.get(SketchFeaturesFunction.SCHEMA.fieldIndex(name));
    }

    private static final scala.collection.Seq<Integer> FULL_SIGNATURE = seq(java.util.Collections.nCopies(64, 1 << 30));
    private static final scala.collection.Seq<Long> NO_HITS = seq(List.of(0L, 0L));

    @Test
    void givenTemplateSketches_thenSharedCountsOnlyItemsSeenTwiceAmongTheFirstK() {
        // Head: 5 ×3, 6 ×2, 7 ×1 → shared 5 requests over 2 templates. Tail: 8 ×4 → 4.
        byte[] head = state(5, 5, 5, 6, 6, 7);
        byte[] tail = state(8, 8, 8, 8, 9, 10);
        Row row = new SketchFeaturesFunction(64).call(head, tail, state(), FULL_SIGNATURE, NO_HITS);
        assertThat(field(row, SketchFeaturesFunction.HEAD_SHARED)).isEqualTo(5L);
        assertThat(field(row, SketchFeaturesFunction.DISTINCT_TEMPLATES)).isEqualTo(2);
        assertThat(field(row, SketchFeaturesFunction.TAIL_SHARED)).isEqualTo(4L);
        assertThat(field(row, SketchFeaturesFunction.TOP_SYSTEM_PROMPT)).as("no system prompt").isNull();

        // Only the first item (the commonest) is listed with k = 1.
        Row first = new SketchFeaturesFunction(1).call(head, null, state(3, 3, 4), FULL_SIGNATURE, NO_HITS);
        assertThat(field(first, SketchFeaturesFunction.HEAD_SHARED)).isEqualTo(3L);
        assertThat(field(first, SketchFeaturesFunction.DISTINCT_TEMPLATES)).isEqualTo(1);
        assertThat(field(first, SketchFeaturesFunction.TAIL_SHARED)).isNull();
        assertThat(field(first, SketchFeaturesFunction.TOP_SYSTEM_PROMPT)).isEqualTo(2L);
    }

    @Test
    void givenSignatures_thenTheDistinctShinglesFollowTheEmptyBinsOrTheMinima() {
        // 16 of 64 bins empty: 64 ln(64 / 16).
        List<Integer> bins = new java.util.ArrayList<>(java.util.Collections.nCopies(48, 5));
        bins.addAll(java.util.Collections.nCopies(16, PromptAnalyzer.EMPTY_BIN));
        assertThat(SketchFeaturesFunction.distinctShingles(seq(bins))).isCloseTo(64 * Math.log(4), within(1e-12));
        // No bin empty, every minimum at 2^30 (half the range): 64 · 63 / (64 · 0.5) = 126.
        assertThat(SketchFeaturesFunction.distinctShingles(FULL_SIGNATURE)).isCloseTo(126.0, within(1e-12));
        assertThat(SketchFeaturesFunction.distinctShingles(null)).isNull();
    }

    @Test
    void givenCapabilityHits_thenTheEntropyIsInBits() {
        assertThat(SketchFeaturesFunction.capabilityEntropy(seq(List.of(2L, 2L, 0L, 4L)))).isCloseTo(1.5, within(1e-12));
        assertThat(SketchFeaturesFunction.capabilityEntropy(seq(List.of(3L, 0L)))).isEqualTo(0.0);
        assertThat(SketchFeaturesFunction.capabilityEntropy(NO_HITS)).isEqualTo(0.0);
        assertThat(SketchFeaturesFunction.capabilityEntropy(seq(java.util.Arrays.asList(1L, null)))).isNull();
        assertThatThrownBy(() -> new SketchFeaturesFunction(0)).hasMessageContaining("template-tracked-items");
    }

    /**
     * The features this function reads, as Spark's own expressions compute them from a state (its built-in
     * {@code approx_top_k_estimate} and lambda functions): the reference the function must equal exactly.
     */
    private static Dataset<Row> reference(Dataset<Row> state, int tracked) {
        String n = DailyState.REQUESTS;
        String headShared = "filter(approx_top_k_estimate(" + DailyState.HEAD_TEMPLATES + ", " + tracked
                + "), x -> x.count >= 2)";
        String tailShared = "filter(approx_top_k_estimate(" + DailyState.TAIL_TEMPLATES + ", " + tracked
                + "), x -> x.count >= 2)";
        String empty = "size(filter(" + DailyState.SIGNATURE + ", v -> v = " + PromptAnalyzer.EMPTY_BIN + "))";
        String occupied = "aggregate(filter(" + DailyState.SIGNATURE + ", v -> v != " + PromptAnalyzer.EMPTY_BIN
                + "), 0D, (a, v) -> a + v / 2147483648D)";
        String distinctShingles = "if(" + empty + " > 0, 64 * ln(64D / " + empty + "), 64 * (64 - 1) / " + occupied + ")";
        String hits = "aggregate(" + DailyState.CAPABILITY_HITS + ", 0L, (a, x) -> a + x)";
        return state.select(col(EventSchema.ACCOUNT_ID),
                expr("greatest(aggregate(" + headShared + ", 0L, (a, x) -> a + x.count), aggregate(" + tailShared
                        + ", 0L, (a, x) -> a + x.count)) / " + n).as(FeatureCatalog.TEMPLATE_SHARE),
                expr("size(" + headShared + ")").as(FeatureCatalog.DISTINCT_TEMPLATES),
                expr("if(" + DailyState.SHINGLES + " > 0, least(1D, " + distinctShingles + " / " + DailyState.SHINGLES
                        + "), null)").as(FeatureCatalog.VOCABULARY_GROWTH),
                expr("if(" + hits + " = 0, 0D, aggregate(" + DailyState.CAPABILITY_HITS + ", 0D, (a, x) -> a + if(x > 0,"
                        + " -(x / " + hits + ") * log2(x / " + hits + "), 0D)))").as(FeatureCatalog.CAPABILITY_ENTROPY),
                // Spark lists the requests without a system prompt as a null item, which the feature leaves out.
                expr("element_at(filter(approx_top_k_estimate(" + DailyState.SYSTEM_PROMPTS + ", 2), x -> x.item is not"
                        + " null), 1).count / nullif("
                        + DailyState.SYSTEM_PROMPT_REQUESTS + ", 0)").as(FeatureCatalog.SYSTEM_PROMPT_UNIFORMITY));
    }

    @Test
    void givenSimulatedDayAndWindowStates_thenTheFeaturesEqualSparksBuiltInExpressionsExactly() {
        FeatureConfig config = FeatureConfig.defaults();
        Dataset<Row> events = SparkTestSession.get().read().parquet(SimulatedEvents.eventsDir());
        LocalDate day = SimulationSpec.DEFAULT_START.plusDays(1);
        Dataset<Row> dayState = DailyFeatures.computeAll(events.where(col(EventSchema.DATE).equalTo(day.toString())),
                config).state();
        Dataset<Row> allStates = DailyFeatures.computeAll(events, config).storedState();
        Dataset<Row> window = RollingFeatures.merge(allStates, day.plusDays(2), config);
        int compared = 0;
        int shared = 0;
        for (Dataset<Row> state : List.of(dayState, window)) {
            Map<String, Row> expected = byAccount(reference(state, config.templateTrackedItems()));
            Map<String, Row> actual = byAccount(FeatureReader.read(state, config, FeatureCatalog.all()));
            assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSizeGreaterThan(40);
            for (Map.Entry<String, Row> entry : expected.entrySet()) {
                for (String feature : List.of(FeatureCatalog.TEMPLATE_SHARE, FeatureCatalog.DISTINCT_TEMPLATES,
                        FeatureCatalog.VOCABULARY_GROWTH, FeatureCatalog.CAPABILITY_ENTROPY,
                        FeatureCatalog.SYSTEM_PROMPT_UNIFORMITY)) {
                    Object want = entry.getValue().getAs(feature);
                    assertThat((Object) actual.get(entry.getKey()).getAs(feature))
                            .as(entry.getKey() + " " + feature).isEqualTo(want);
                    compared++;
                }
                if (((Number) entry.getValue().getAs(FeatureCatalog.DISTINCT_TEMPLATES)).intValue() > 0) {
                    shared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(400);
        assertThat(shared).as("account states with shared templates").isGreaterThan(10);
    }

    private static Map<String, Row> byAccount(Dataset<Row> rows) {
        Map<String, Row> map = new HashMap<>();
        for (Row row : rows.collectAsList()) {
            map.put(row.getAs(EventSchema.ACCOUNT_ID), row);
        }
        return map;
    }
}
