package org.distillguard.nightly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.NightlyConfig;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import org.distillguard.testing.SparkTestSession;
import org.distillguard.testing.TestLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyJobTest {

    private static final LocalDate DAY_ONE = LocalDate.of(2026, 11, 23);
    private static final LocalDate DAY_TWO = LocalDate.of(2026, 11, 24);
    private static final LocalDate DAY_THREE = LocalDate.of(2026, 11, 25);

    /** The shipped rules and bootstrap model, as the command finds them. */
    static final ScoringSetup SCORING = new ScoringSetup(
            org.distillguard.scoring.RuleSet.load(Path.of("..", "conf", "rules.yaml")),
            Path.of("..", "conf", "models", "bootstrap"), java.util.Optional.empty());

    @TempDir
    static Path logs;

    @TempDir
    Path folder;

    private final SparkSession spark = SparkTestSession.get();
    private final Redactor redactor = Redactor.withDefaultRules();
    private final Pseudonymizer pseudonymizer = new Pseudonymizer(HmacKey.of("nightly-test-key-0123456789abcdef0123456789"));

    @BeforeAll
    static void simulate() {
        Simulator.run(SimulationSpec.preset(SimulationSpec.TEST).withAccounts(40).withDays(3).withStart(DAY_ONE), logs);
    }

    private List<NightlyManifest> run(String warehouse, DistillGuardConfig config, List<LocalDate> dates, Path... inputs) {
        return NightlyJob.run(spark, config, redactor, pseudonymizer,
                new NightlyRequest(Stream.of(inputs).map(Path::toString).toList(), dates, warehouse), SCORING, Progress.silent());
    }

    private List<String> published(String warehouse, LocalDate date, String stage, String... sortColumns) {
        Dataset<Row> table = spark.read().parquet(warehouse + "/published/date=" + date + "/" + stage);
        return table.select(Stream.of(table.columns()).sorted().map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new))
                .toJSON().collectAsList().stream().sorted().toList();
    }

    @Test
    void givenTheSameDateTwice_whenRun_thenThePublishedOutputsAreIdentical() {
        String warehouse = folder.resolve("warehouse").toString();
        run(warehouse, DistillGuardConfig.defaults(), List.of(DAY_ONE), logs);
        List<String> events = published(warehouse, DAY_ONE, "ingest/events");
        List<String> features = published(warehouse, DAY_ONE, "features/features");
        List<String> scores = published(warehouse, DAY_ONE, "scores/scores");
        List<String> clusters = published(warehouse, DAY_ONE, "clusters/clusters");
        List<String> summaries = published(warehouse, DAY_ONE, "clusters/cluster_summary");

        List<NightlyManifest> again = run(warehouse, DistillGuardConfig.defaults(), List.of(DAY_ONE), logs);

        assertThat(events).isNotEmpty();
        assertThat(published(warehouse, DAY_ONE, "ingest/events")).isEqualTo(events);
        assertThat(published(warehouse, DAY_ONE, "features/features")).isEqualTo(features);
        assertThat(published(warehouse, DAY_ONE, "scores/scores")).isEqualTo(scores).isNotEmpty();
        // The simulated day holds a hydra campaign: the coordination stage runs in the chain and finds its cluster.
        assertThat(published(warehouse, DAY_ONE, "clusters/clusters")).isEqualTo(clusters).isNotEmpty();
        assertThat(published(warehouse, DAY_ONE, "clusters/cluster_summary")).isEqualTo(summaries).hasSizeLessThan(clusters.size());
        assertThat(again.get(0).outputs()).containsEntry("clusters", (long) summaries.size())
                .containsEntry("cluster_members", (long) clusters.size());
        assertThat(again.get(0).stageMillis()).containsKey("clusters");
        // The day's 7-day state is published with the features; one day of history has no earlier weeks to reuse.
        assertThat(Path.of(warehouse, "published", "date=" + DAY_ONE, "features", "feature_state_7d", "date=" + DAY_ONE,
                "_sources.json")).isRegularFile();
        assertThat(again.get(0).outputs()).containsEntry("account_features_28d_stored_weeks", 0L);
        assertThat(new Warehouse(warehouse, spark.sparkContext().hadoopConfiguration()).publishedDates()).containsExactly(DAY_ONE);
    }

    @Test
    void givenABackfill_whenRun_thenItEqualsSingleDayRunsInOrder() {
        String backfill = folder.resolve("backfill").toString();
        String single = folder.resolve("single").toString();

        List<NightlyManifest> manifests = run(backfill, DistillGuardConfig.defaults(), NightlyRequest.range(DAY_ONE, DAY_THREE), logs);
        run(single, DistillGuardConfig.defaults(), List.of(DAY_ONE), logs);
        run(single, DistillGuardConfig.defaults(), List.of(DAY_TWO), logs);
        run(single, DistillGuardConfig.defaults(), List.of(DAY_THREE), logs);

        assertThat(manifests).extracting(NightlyManifest::date).containsExactly("2026-11-23", "2026-11-24", "2026-11-25");
        for (LocalDate date : List.of(DAY_ONE, DAY_TWO, DAY_THREE)) {
            assertThat(published(backfill, date, "features/features")).isEqualTo(published(single, date, "features/features"));
            // The 7-day window of a later date merges the stored states of the dates published before it.
            assertThat(published(backfill, date, "features/features_7d")).isEqualTo(published(single, date, "features/features_7d"));
            assertThat(published(backfill, date, "ingest/events")).isEqualTo(published(single, date, "ingest/events"));
            assertThat(published(backfill, date, "scores/scores")).isEqualTo(published(single, date, "scores/scores"));
            assertThat(published(backfill, date, "clusters/clusters")).isEqualTo(published(single, date, "clusters/clusters"));
        }
        assertThat(manifests.get(1).gates()).anySatisfy(gate -> {
            assertThat(gate.gate()).isEqualTo("row-count");
            assertThat(gate.observed()).contains("the median of 1 published day(s) up to this date");
        });
        assertThat(manifests.get(2).gates()).anySatisfy(gate ->
                assertThat(gate.observed()).contains("the median of 2 published day(s) up to this date"));
    }

    @Test
    void givenAFailingGate_whenRun_thenThePreviousPublicationIsUntouchedAndTheMessageSaysWhichGateAndByHowMuch() throws IOException {
        String warehouse = folder.resolve("warehouse").toString();
        run(warehouse, DistillGuardConfig.defaults(), List.of(DAY_ONE), logs);
        List<String> before = published(warehouse, DAY_ONE, "ingest/events");
        Path thin = folder.resolve("thin.jsonl");
        Files.writeString(thin, TestLogs.line("only-one", DAY_ONE + "T10:00:00Z", "acct_x", "hello") + "\n");
        Path secondDay = folder.resolve("second.jsonl");
        Files.writeString(secondDay, TestLogs.line("day-two", DAY_TWO + "T10:00:00Z", "acct_x", "hello") + "\n");

        assertThatThrownBy(() -> run(warehouse, DistillGuardConfig.defaults(), List.of(DAY_ONE), thin))
                .isInstanceOf(NightlyGateException.class)
                .hasMessageContaining("Cannot publish 2026-11-23: 1 quality gate(s) failed: row-count:")
                .hasMessageContaining("the median of 1 published day(s) up to this date");
        // A new date compares with the days before it: here, day two against day one.
        assertThatThrownBy(() -> run(warehouse, DistillGuardConfig.defaults(), List.of(DAY_TWO), secondDay))
                .isInstanceOf(NightlyGateException.class)
                .hasMessageContaining("row-count: 1 events = ")
                .hasMessageContaining("limit 0.20× to 5.00×")
                .hasMessageContaining("is untouched");

        assertThat(published(warehouse, DAY_ONE, "ingest/events")).isEqualTo(before);
        assertThat(new Warehouse(warehouse, spark.sparkContext().hadoopConfiguration()).publishedDates()).containsExactly(DAY_ONE);
        try (Stream<Path> failed = Files.list(Path.of(warehouse, Warehouse.FAILED))) {
            assertThat(failed.count()).isEqualTo(2);
        }
    }

    @Test
    void givenALooserGateConfigured_whenRun_thenTheThinDayIsPublished() throws IOException {
        String warehouse = folder.resolve("warehouse").toString();
        run(warehouse, DistillGuardConfig.defaults(), List.of(DAY_ONE), logs);
        Path secondDay = folder.resolve("second.jsonl");
        Files.writeString(secondDay, TestLogs.line("day-two", DAY_TWO + "T10:00:00Z", "acct_x", "hello") + "\n");
        DistillGuardConfig loose = DistillGuardConfig.defaults().withNightly(new NightlyConfig(0.0, 5.0, 7, 0.05, 100.0));

        List<NightlyManifest> manifests = run(warehouse, loose, List.of(DAY_TWO), secondDay);

        assertThat(manifests.get(0).status()).isEqualTo("published");
        assertThat(manifests.get(0).events()).isEqualTo(1);
        assertThat(Map.copyOf(manifests.get(0).outputs())).containsEntry("events", 1L);
    }

    @Test
    void givenAnInterruptedReplacement_whenRecovered_thenThePreviousPublicationIsBack() throws IOException {
        String warehouse = folder.resolve("warehouse").toString();
        run(warehouse, DistillGuardConfig.defaults(), List.of(DAY_ONE), logs);
        Path published = Path.of(warehouse, "published", "date=" + DAY_ONE);
        // What a kill between the two renames of a replacement leaves: the old folder moved aside, no new one.
        Files.move(published, published.resolveSibling("._replaced-date=" + DAY_ONE + "-" + java.util.UUID.randomUUID()));
        Warehouse store = new Warehouse(warehouse, spark.sparkContext().hadoopConfiguration());
        assertThat(store.publishedDates()).isEmpty();

        store.recover();

        assertThat(store.publishedDates()).containsExactly(DAY_ONE);
    }
}
