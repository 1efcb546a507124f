package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.distillguard.nightly.Warehouse;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code distillguard nightly} as a child process and kills it with SIGKILL in the middle of its work: a date
 * is either published whole (manifest and success marker, readable data) or not at all, the previous publication
 * survives, and the next run completes.
 */
class NightlyKillTest {

    private static final LocalDate DAY_ONE = LocalDate.of(2026, 11, 23);
    private static final LocalDate DAY_TWO = LocalDate.of(2026, 11, 24);
    private static final Map<String, String> KEY = Map.of("DISTILLGUARD_HMAC_KEY", "kill-test-key-0123456789abcdef0123456789abcdef");

    @TempDir
    Path folder;

    @Test
    void givenARunKilledMidWrite_whenInspectedAndRunAgain_thenNoDateIsHalfPublishedAndTheNextRunCompletes() throws Exception {
        Path logs = folder.resolve("logs");
        Simulator.run(SimulationSpec.preset(SimulationSpec.TEST).withAccounts(40).withDays(2).withStart(DAY_ONE), logs);
        Path warehouse = folder.resolve("warehouse");
        ChildProcess.Result first = ChildProcess.run(folder, KEY, "nightly", "--input", logs.toString(),
                "--date", DAY_ONE.toString(), "--warehouse", warehouse.toString());
        assertThat(first.exitCode()).as(first.output()).isZero();
        SparkSession spark = SparkTestSession.get();
        long dayOneEvents = spark.read().parquet(warehouse.resolve("published/date=" + DAY_ONE + "/ingest/events").toString()).count();

        // Kill a backfill of both days while it writes: first as soon as day two's staging output appears.
        for (String waitFor : List.of("ingest", "features")) {
            Process run = ChildProcess.start(folder, KEY, folder.resolve("out.txt"), folder.resolve("err.txt"), "nightly",
                    "--input", logs.toString(), "--from", DAY_ONE.toString(), "--to", DAY_TWO.toString(),
                    "--warehouse", warehouse.toString());
            waitForStagingOutput(warehouse, waitFor, run);
            run.destroyForcibly();   // SIGKILL on Linux
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertEveryPublishedDateIsWhole(warehouse);
            assertThat(warehouse.resolve("published/date=" + DAY_ONE + "/_SUCCESS")).exists();
            assertThat(spark.read().parquet(warehouse.resolve("published/date=" + DAY_ONE + "/ingest/events").toString()).count())
                    .isEqualTo(dayOneEvents);
        }

        ChildProcess.Result next = ChildProcess.run(folder, KEY, "nightly", "--input", logs.toString(),
                "--from", DAY_ONE.toString(), "--to", DAY_TWO.toString(), "--warehouse", warehouse.toString());

        assertThat(next.exitCode()).as(next.output()).isZero();
        assertThat(new Warehouse(warehouse.toString(), spark.sparkContext().hadoopConfiguration()).publishedDates())
                .containsExactly(DAY_ONE, DAY_TWO);
        assertEveryPublishedDateIsWhole(warehouse);
        assertThat(warehouse.resolve(Warehouse.STAGING)).doesNotExist();
    }

    private static void waitForStagingOutput(Path warehouse, String stage, Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && run.isAlive()) {
            Path staging = warehouse.resolve(Warehouse.STAGING);
            if (Files.exists(staging)) {
                try (Stream<Path> walk = Files.walk(staging)) {
                    if (walk.anyMatch(path -> path.toString().contains("date=" + DAY_TWO) && path.getFileName().toString().equals(stage))) {
                        return;
                    }
                } catch (IOException | java.io.UncheckedIOException raced) {
                    // the run moved a folder while we looked: look again
                }
            }
            Thread.sleep(20);
        }
    }

    private static void assertEveryPublishedDateIsWhole(Path warehouse) throws IOException {
        Path published = warehouse.resolve(Warehouse.PUBLISHED);
        try (Stream<Path> dates = Files.list(published)) {
            for (Path date : dates.filter(path -> path.getFileName().toString().startsWith("date=")).toList()) {
                assertThat(date.resolve(Warehouse.SUCCESS)).as(date.toString()).exists();
                assertThat(date.resolve(Warehouse.MANIFEST)).as(date.toString()).exists();
                assertThat(date.resolve("ingest/events")).as(date.toString()).isDirectory();
                assertThat(date.resolve("features")).as(date.toString()).isDirectory();
            }
        }
    }
}
