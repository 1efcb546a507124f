package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly command on a real Spark standalone cluster (a master and two workers in their own JVMs, on loopback):
 * one worker is killed while the job runs, Spark reruns its tasks on the other, and the published result equals the
 * embedded (local mode) result.
 */
class StandaloneClusterTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private static final Map<String, String> KEY = Map.of("DISTILLGUARD_HMAC_KEY", "cluster-test-key-0123456789abcdef0123456789abcd");

    @TempDir
    Path folder;

    @Test
    void givenAWorkerKilledDuringTheRun_whenTheNightlyJobRunsOnACluster_thenItsResultEqualsLocalMode() throws Exception {
        Path logs = folder.resolve("logs");
        Simulator.run(SimulationSpec.preset(SimulationSpec.TEST).withAccounts(60).withDays(1).withStart(DAY), logs);
        Path local = folder.resolve("local");
        ChildProcess.Result localRun = ChildProcess.run(folder, KEY, "nightly", "--input", logs.toString(), "--date",
                DAY.toString(), "--warehouse", local.toString());
        assertThat(localRun.exitCode()).as(localRun.output()).isZero();

        Path clustered = folder.resolve("cluster");
        try (StandaloneCluster cluster = new StandaloneCluster(folder.resolve("spark"), 2)) {
            Path out = folder.resolve("cluster-out.txt");
            Path err = folder.resolve("cluster-err.txt");
            // A relative warehouse: resolved against the driver's working directory, never an executor's (the
            // executors run in the workers' own folders), so the manifest still counts every record read.
            Process run = ChildProcess.start(folder, KEY, cluster.driverProperties(), out, err, "nightly", "--input",
                    logs.toString(), "--date", DAY.toString(), "--warehouse", folder.relativize(clustered).toString());
            // Kill one worker once the run has published its first staging output (the ingest stage is done and the
            // features stage starts on the cluster).
            waitForStagingStage(clustered, "ingest", run);
            cluster.worker(0).destroyForcibly();
            assertThat(run.waitFor(8, TimeUnit.MINUTES)).as("cluster run finished").isTrue();
            String output = Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8);
            assertThat(run.exitValue()).as(output).isZero();
            assertThat(cluster.worker(0).isAlive()).isFalse();
        }

        for (String table : List.of("ingest/events", "features/features")) {
            assertThat(rows(clustered, table)).as(table).isEqualTo(rows(local, table)).isNotEmpty();
        }
        JsonNode localManifest = manifest(local);
        JsonNode clusterManifest = manifest(clustered);
        assertThat(clusterManifest.get("records").asLong()).isPositive().isEqualTo(localManifest.get("records").asLong());
        for (String count : List.of("events", "duplicates", "quarantinedTotal", "outOfRange")) {
            assertThat(clusterManifest.get(count)).as(count).isEqualTo(localManifest.get(count));
        }
        try (Stream<Path> walk = Files.walk(folder.resolve("spark"))) {
            assertThat(walk.filter(path -> path.getFileName().toString().equals("_splits")).toList())
                    .as("split counts written in an executor's working directory").isEmpty();
        }
    }

    private static JsonNode manifest(Path warehouse) throws java.io.IOException {
        return new ObjectMapper().readTree(warehouse.resolve("published/date=" + DAY + "/manifest.json").toFile());
    }

    private static List<String> rows(Path warehouse, String table) {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> data = spark.read().parquet(warehouse.resolve("published/date=" + DAY + "/" + table).toString());
        // Pseudonyms are keyed the same in both runs, so every column compares.
        return data.select(Stream.of(data.columns()).sorted().map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new))
                .toJSON().collectAsList().stream().sorted().toList();
    }

    private static void waitForStagingStage(Path warehouse, String stage, Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && run.isAlive()) {
            Path staging = warehouse.resolve("_staging");
            if (Files.exists(staging)) {
                try (Stream<Path> walk = Files.walk(staging)) {
                    if (walk.anyMatch(path -> path.getFileName().toString().equals("manifest.json")
                            && path.getParent().getFileName().toString().equals(stage))) {
                        return;
                    }
                } catch (java.io.UncheckedIOException | java.io.IOException raced) {
                    // moved while we looked
                }
            }
            Thread.sleep(20);
        }
    }
}
