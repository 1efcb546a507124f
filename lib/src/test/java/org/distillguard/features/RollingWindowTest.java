package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollingWindowTest {

    @TempDir
    static Path out;
    private static FeatureJob.Result lastRun;

    @org.junit.jupiter.api.BeforeAll
    static void runTheJobOnEveryDay() {
        LocalDate first = SimulationSpec.DEFAULT_START;
        for (int day = 0; day < SimulatedEvents.DAYS; day++) {
            lastRun = FeatureJob.run(SparkTestSession.get(), DistillGuardConfig.defaults(), SimulatedEvents.eventsDir(),
                    first.plusDays(day), out.toString());
        }
    }

    private final SparkSession spark = SparkTestSession.get();
    private final FeatureConfig config = FeatureConfig.defaults();

    @Test
    void givenStoredDailyStates_whenMergedForSevenDays_thenFeaturesEqualThoseComputedFromTheWindowsEvents() {
        LocalDate first = SimulationSpec.DEFAULT_START;
        LocalDate last = first.plusDays(SimulatedEvents.DAYS - 1);
        Dataset<Row> events = spark.read().parquet(SimulatedEvents.eventsDir());
        Map<String, Row> merged = byAccount(spark.read().parquet(out.resolve(FeatureJob.FEATURES_7D_DIR)
                .resolve("date=" + last).toString()));
        Map<String, Row> direct = byAccount(RollingFeatures.computeFromEvents(events, last, 7, config));

        assertThat(merged.keySet()).isEqualTo(direct.keySet()).hasSizeGreaterThan(40);
        int compared = 0;
        for (String account : direct.keySet()) {
            for (FeatureDefinition feature : FeatureCatalog.rolling()) {
                Object expected = direct.get(account).getAs(feature.name());
                Object actual = merged.get(account).getAs(feature.name());
                String what = account + " " + feature.name();
                if (expected == null) {
                    assertThat(actual).as(what).isNull();
                } else if (feature.rolling() == Rolling.EXACT) {
                    // Exact up to floating-point rounding of sums of squares.
                    assertThat(((Number) actual).doubleValue()).as(what)
                            .isCloseTo(((Number) expected).doubleValue(), within(1e-6 * Math.max(1, Math.abs(((Number) expected).doubleValue()))));
                } else {
                    // Sketch merges: within 2% (HyperLogLog at lgK 12, frequent items exact at these sizes).
                    double value = ((Number) expected).doubleValue();
                    assertThat(((Number) actual).doubleValue()).as(what).isCloseTo(value, within(0.02 * Math.max(1, Math.abs(value))));
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(1000);
    }

    @Test
    void givenFourDays_whenTheJobRuns_thenEveryOutputFolderHasTheDateAndTheDailyBaselineFills() throws Exception {
        LocalDate first = SimulationSpec.DEFAULT_START;
        FeatureJob.Result result = lastRun;
        LocalDate last = first.plusDays(SimulatedEvents.DAYS - 1);
        assertThat(result.accountDays()).isPositive();
        for (String table : List.of(FeatureJob.FEATURES_DIR, FeatureJob.FEATURES_7D_DIR, FeatureJob.FEATURES_28D_DIR,
                FeatureJob.STATE_DIR, FeatureJob.EVIDENCE_DIR, WeekStates.DIR)) {
            assertThat(out.resolve(table).resolve("date=" + last)).as(table).isDirectory();
        }
        assertThat(out.resolve(WeekStates.DIR).resolve("date=" + last).resolve(WeekStates.SOURCES)).isRegularFile();
        // Four days of history hold no 7-day state a week back: the 28-day window merged daily states only.
        assertThat(result.storedWeeks()).isZero();
        assertThat(Files.exists(out.resolve("features-" + last + ".csv"))).isTrue();
        Dataset<Row> features = spark.read().parquet(out.resolve(FeatureJob.FEATURES_DIR).toString())
                .where("date = '" + last + "'");
        // Day 4 has three prior days: accounts active on all of them get a z-score.
        assertThat(features.where(FeatureCatalog.DAYS_ACTIVE + " = 4 and " + FeatureCatalog.REQUESTS_ZSCORE_28D + " is not null").count())
                .isPositive();
        Dataset<Row> evidence = spark.read().parquet(out.resolve(FeatureJob.EVIDENCE_DIR).resolve("date=" + last).toString());
        assertThat(evidence.columns()).contains(EventSchema.ACCOUNT_ID, DailyState.TOP_TEMPLATES, DailyState.TEMPLATE_SKELETONS,
                DailyState.PROMPT_SIGNATURE, DailyState.CLIENT_NETWORKS, DailyState.HOUR_VECTOR, DailyState.MINUTE_HISTOGRAM);
        assertThat(evidence.selectExpr("max(size(" + DailyState.TOP_TEMPLATES + "))").first().getInt(0))
                .isLessThanOrEqualTo(config.evidenceTemplates());
        assertThat(evidence.selectExpr("max(size(" + DailyState.PROMPT_SIGNATURE + "))").first().getInt(0))
                .isEqualTo(PromptAnalyzer.SIGNATURE_SIZE);
        assertThat(evidence.selectExpr("max(length(" + DailyState.TEMPLATE_SKELETONS + "[0].item))").first().getInt(0))
                .isLessThanOrEqualTo(config.evidenceSkeletonChars());
    }

    @Test
    void givenStoredStatesOfSeveralDays_whenTheirTemplateSketchesCombine_thenTheBytesEqualSparksOwnCombine() {
        Dataset<Row> states = FeatureJob.readStates(spark, out.toString());
        int tracked = config.templateTrackedItems();
        Dataset<Row> ours = DailyState.merge(states, "2000-01-01", config, Lexicons.shipped().capabilityNames().size());
        Dataset<Row> reference = states.groupBy(EventSchema.ACCOUNT_ID).agg(
                org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)).as("days"),
                org.apache.spark.sql.functions.expr("approx_top_k_combine(" + DailyState.HEAD_TEMPLATES + ", " + tracked + ")")
                        .as("head"),
                org.apache.spark.sql.functions.expr("approx_top_k_combine(" + DailyState.TAIL_TEMPLATES + ", " + tracked + ")")
                        .as("tail"),
                org.apache.spark.sql.functions.expr("approx_top_k_combine(" + DailyState.SYSTEM_PROMPTS + ", "
                        + DailyState.SYSTEM_PROMPTS_TRACKED + ")").as("system"));
        Map<String, Row> expected = byAccount(reference);
        Map<String, Row> actual = byAccount(ours);

        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        int multiDay = 0;
        for (Map.Entry<String, Row> entry : expected.entrySet()) {
            Row mine = actual.get(entry.getKey());
            Row theirs = entry.getValue();
            for (String[] pair : new String[][] {{DailyState.HEAD_TEMPLATES, "head"}, {DailyState.TAIL_TEMPLATES, "tail"},
                    {DailyState.SYSTEM_PROMPTS, "system"}}) {
                Row combined = mine.getAs(pair[0]);
                Row sparks = theirs.getAs(pair[1]);
                assertThat((byte[]) combined.getAs("sketch")).as(entry.getKey() + " " + pair[0])
                        .isEqualTo((byte[]) sparks.getAs("sketch"));
                assertThat((Integer) combined.getAs("maxItemsTracked")).isEqualTo((Integer) sparks.getAs("maxItemsTracked"));
                assertThat((String) combined.getAs("itemDataTypeDDL")).isEqualTo(sparks.getAs("itemDataTypeDDL"));
            }
            if (theirs.<Long>getAs("days") > 1) {
                multiDay++;
            }
        }
        assertThat(multiDay).as("accounts whose states of several days were combined").isGreaterThan(20);
        // Spark's estimate reads the combined states as its own, with the same top items as from its own combine.
        Map<String, Row> oursEstimated = byAccount(ours.selectExpr(EventSchema.ACCOUNT_ID,
                "approx_top_k_estimate(" + DailyState.HEAD_TEMPLATES + ", 3) as top"));
        Map<String, Row> sparksEstimated = byAccount(reference.selectExpr(EventSchema.ACCOUNT_ID,
                "approx_top_k_estimate(head, 3) as top"));
        assertThat(oursEstimated.keySet()).isEqualTo(sparksEstimated.keySet());
        for (String account : sparksEstimated.keySet()) {
            assertThat(oursEstimated.get(account).getList(1)).as(account)
                    .isEqualTo(sparksEstimated.get(account).getList(1));
        }
        assertThat(sparksEstimated.values()).anyMatch(row -> !row.getList(1).isEmpty());
    }

    private static Map<String, Row> byAccount(Dataset<Row> rows) {
        Map<String, Row> map = new HashMap<>();
        for (Row row : rows.collectAsList()) {
            map.put(row.getAs(EventSchema.ACCOUNT_ID), row);
        }
        return map;
    }
}
