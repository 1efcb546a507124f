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
import org.distillguard.testing.HadoopMount;
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

    private List<String> published(String warehouse, LocalDate date, String stage) {
        return publishedWithout(warehouse, date, stage);
    }

    /** The published rows of a stage as sorted JSON lines, without the {@code dropped} columns. */
    private List<String> publishedWithout(String warehouse, LocalDate date, String stage, String... dropped) {
        Dataset<Row> table = spark.read().parquet(warehouse + "/published/date=" + date + "/" + stage).drop(dropped);
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

    @Test
    void givenAWarehouseAndLogsReachableOnlyThroughHadoop_whenRun_thenTheSameDaysArePublishedAsOnALocalDisk()
            throws IOException {
        // The same input on both sides, with one broken line so that a quarantine file is written as well.
        Path local = folder.resolve("local");
        Path mounted = folder.resolve("mounted");
        for (Path side : List.of(local, mounted)) {
            Path copy = Files.createDirectories(side.resolve("logs"));
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    Files.copy(file, copy.resolve(file.getFileName()));
                }
            }
            Files.writeString(copy.resolve("broken.jsonl"), "{\"request_id\": \"cut-off\n");
        }
        List<LocalDate> dates = List.of(DAY_ONE, DAY_TWO);
        // Splits smaller than the log files, so that the line counts of the byte ranges are read in tasks too.
        DistillGuardConfig config = DistillGuardConfig.defaults().withIngest(new org.distillguard.config.IngestConfig(
                1 << 20, 0.01, 1 << 16, 16_384, 120, false));
        assertThat(Files.size(logs.resolve("events-" + DAY_ONE + ".jsonl"))).isGreaterThan(1 << 17);
        String onDisk = local.resolve("warehouse").toString();
        List<NightlyManifest> expected = run(onDisk, config, dates, local.resolve("logs"));
        List<NightlyManifest> manifests;
        try (HadoopMount mount = HadoopMount.of(spark.sparkContext().hadoopConfiguration(), mounted)) {
            String warehouse = mount.resolve("warehouse");
            manifests = NightlyJob.run(spark, config, redactor, pseudonymizer,
                    new NightlyRequest(List.of(mount.resolve("logs")), dates, warehouse), SCORING, Progress.silent());
            for (LocalDate date : dates) {
                // The states' sketches are compared through the features read from them: a sketch's bytes may
                // depend on the order it met its items (with splits this small), its estimates do not.
                for (String table : List.of("features/features", "features/features_7d", "features/features_28d",
                        "clusters/clusters", "clusters/cluster_summary", "scores/scores")) {
                    assertThat(published(warehouse, date, table)).as(table).isNotEmpty()
                            .isEqualTo(published(onDisk, date, table));
                }
                // The events name their source file, which differs; every other column is the same.
                assertThat(publishedWithout(warehouse, date, "ingest/events", "source_file"))
                        .isEqualTo(publishedWithout(onDisk, date, "ingest/events", "source_file"));
            }
            assertThat(new Warehouse(warehouse, spark.sparkContext().hadoopConfiguration()).publishedDates())
                    .containsExactly(DAY_ONE, DAY_TWO);
        }

        assertThat(manifests).extracting(NightlyManifest::status).containsExactly("published", "published");
        for (int i = 0; i < dates.size(); i++) {
            assertThat(manifests.get(i).quarantined()).isEqualTo(expected.get(i).quarantined());
            assertThat(manifests.get(i).outputs()).isEqualTo(expected.get(i).outputs());
        }
        assertThat(manifests.get(0).quarantined()).containsEntry("invalid_json", 1L);
        for (LocalDate date : dates) {
            Path published = mounted.resolve("warehouse").resolve("published").resolve("date=" + date);
            Path reference = Path.of(onDisk, "published", "date=" + date);
            for (String file : List.of("scores/scores.csv", "features/features-" + date + ".csv",
                    "clusters/clusters-" + date + ".csv", "review/review_queue.csv")) {
                assertThat(published.resolve(file)).as(file).hasSameBinaryContentAs(reference.resolve(file));
            }
            // The score manifest names its input folders and the model store; the rest is the same. The models were
            // read from the mounted store (through a local copy), and the warning names the store, not the copy.
            var scoreManifest = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(published.resolve("scores/score-manifest.json").toFile());
            var referenceManifest = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(reference.resolve("scores/score-manifest.json").toFile());
            assertThat(scoreManifest.path("features").asText()).startsWith("viewfs://");
            assertThat(scoreManifest.path("warnings").get(0).asText()).matches(
                    "no valid model in viewfs://[a-z0-9]+/data/warehouse/models: using the bundled bootstrap model");
            for (var manifest : List.of(scoreManifest, referenceManifest)) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) manifest).remove(List.of("features", "clusters", "warnings"));
            }
            assertThat(scoreManifest).isEqualTo(referenceManifest);
            assertThat(published.resolve("features/feature_state_7d/date=" + date + "/_sources.json")).isRegularFile();
            try (Stream<Path> quarantine = Files.walk(published.resolve("ingest/quarantine"))) {
                assertThat(quarantine.filter(path -> path.toString().endsWith(".jsonl"))).isNotEmpty();
            }
        }
        // Nothing took the URI for a local path (java.nio would make a folder named "viewfs:" here).
        assertThat(Path.of("viewfs:")).doesNotExist();

        // A cluster whose core-site.xml names HDFS as the default file system, given paths without a scheme: every
        // output of the night goes there, none to the local disk (a mount stands in for HDFS).
        Path onDefault = folder.resolve("default-fs");
        org.apache.commons.io.FileUtils.copyDirectory(local.resolve("logs").toFile(), onDefault.resolve("logs").toFile());
        org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        String defaultBefore = hadoop.get("fs.defaultFS");
        // A mount point no local folder has; were a path taken for local, it would appear on this machine.
        String root = "/distillguard-" + java.util.UUID.randomUUID();
        List<NightlyManifest> night;
        try (HadoopMount mount = HadoopMount.of(hadoop, onDefault, root)) {
            hadoop.set("fs.defaultFS", new org.apache.hadoop.fs.Path(mount.root()).toUri().resolve("/").toString());
            night = NightlyJob.run(spark, config, redactor, pseudonymizer,
                    new NightlyRequest(List.of(root + "/logs"), List.of(DAY_ONE), root + "/warehouse"), SCORING,
                    Progress.silent());
        } finally {
            hadoop.set("fs.defaultFS", defaultBefore);
        }
        boolean strayLocalFolder = Files.exists(Path.of(root));
        org.apache.commons.io.FileUtils.deleteQuietly(Path.of(root).toFile());
        assertThat(strayLocalFolder).as("outputs written to the local " + root).isFalse();
        assertThat(night).extracting(NightlyManifest::status).containsExactly("published");
        // The same results as the first run on the local disk: the order in which Spark merges partial aggregates
        // differs between runs, and the features' fractional sums do not depend on it, so the files are the same bytes.
        Path published = onDefault.resolve("warehouse/published/date=" + DAY_ONE);
        Path reference = Path.of(onDisk, "published", "date=" + DAY_ONE);
        for (String file : List.of("scores/scores.csv", "features/features-" + DAY_ONE + ".csv",
                "clusters/clusters-" + DAY_ONE + ".csv", "review/review_queue.csv")) {
            assertThat(published.resolve(file)).as(file).hasSameBinaryContentAs(reference.resolve(file));
        }
        assertThat(Files.readAllLines(published.resolve("review/report.html")))
                .hasSameSizeAs(Files.readAllLines(reference.resolve("review/report.html")));
        assertThat(published.resolve("_SUCCESS")).isRegularFile();
        assertThat(published.resolve("manifest.json")).isRegularFile();
        assertThat(published.resolve("scores/score-manifest.json")).isRegularFile();
    }
}
