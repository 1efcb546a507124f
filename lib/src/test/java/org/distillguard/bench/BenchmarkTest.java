package org.distillguard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.nightly.ScoringSetup;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.scoring.RuleSet;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkTest {

    @TempDir
    Path folder;

    /** The shipped rules and bootstrap model, for the stages that score. */
    private static ScoringSetup scoring() throws Exception {
        return new ScoringSetup(RuleSet.load(Path.of("..", "conf", "rules.yaml")),
                Path.of("..", "conf", "models", "bootstrap"), Optional.empty());
    }

    private static BenchmarkReport run(Benchmark.Options options) {
        return Benchmark.run(SparkTestSession.get(), DistillGuardConfig.defaults(), Redactor.withDefaultRules(),
                new Pseudonymizer(HmacKey.of("bench-test-key-0123456789abcdef0123456789")), options);
    }

    @Test
    void givenSmallData_whenTheNightlyAndDuckDbStagesRun_thenEachMeasuresEveryRowAndTheNightlyReportsItsStages() throws Exception {
        Path driver = Path.of(Class.forName("org.duckdb.DuckDBDriver").getProtectionDomain().getCodeSource().getLocation().toURI());
        ScoringSetup scoring = scoring();
        Benchmark.Options options = new Benchmark.Options(3_000, List.of(Benchmark.IO, Benchmark.DUCKDB, Benchmark.NIGHTLY),
                folder.resolve("data"), Files.createDirectories(folder.resolve("work")), Optional.empty(), 0,
                driver, scoring, 1_000);

        BenchmarkReport report = run(options);

        assertThat(report.measurements()).extracting(Measurement::stage)
                .containsExactly(Benchmark.IO, Benchmark.DUCKDB, Benchmark.NIGHTLY);
        assertThat(report.measurements()).allSatisfy(measurement -> assertThat(measurement.rows()).isEqualTo(3_000));
        assertThat(report.find(Benchmark.NIGHTLY).orElseThrow().baseline()).isEqualTo(Benchmark.DUCKDB);
        assertThat(report.notes()).isNotEmpty().allSatisfy(note -> assertThat(note)
                .startsWith("nightly 20").contains("ingest").contains("features").contains("clusters").contains("scores"));
        assertThat(report.markdown()).contains("| nightly |").contains("nightly costs").contains("× duckdb-subset");
    }

    @Test
    void givenMoreAccountsThanTheLogsHold_whenTheScoringStagesRun_thenEveryAccountOfTheTableIsScored() throws Exception {
        ScoringSetup scoring = scoring();
        Benchmark.Options options = new Benchmark.Options(3_000, List.of(Benchmark.SCORE_FLOOR, Benchmark.SCORE),
                folder.resolve("data"), Files.createDirectories(folder.resolve("work")), Optional.empty(), 0,
                Path.of("unused.jar"), scoring, 2_500);

        BenchmarkReport report = run(options);

        assertThat(report.measurements()).extracting(Measurement::stage).containsExactly(Benchmark.SCORE_FLOOR, Benchmark.SCORE);
        assertThat(report.measurements()).allSatisfy(measurement -> assertThat(measurement.rows()).isEqualTo(2_500));
        assertThat(report.find(Benchmark.SCORE).orElseThrow().baseline()).isEqualTo(Benchmark.SCORE_FLOOR);
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table = SparkTestSession.get().read()
                .parquet(folder.resolve("data").resolve("accounts-2500").toString());
        assertThat(table.select("account_id").distinct().count()).isEqualTo(2_500);
        assertThat(table.select("date").distinct().count()).isEqualTo(1);
        assertThat(report.notes()).anySatisfy(note -> assertThat(note).contains("2,500 accounts"));
    }

    @Test
    void givenTheWindowStages_whenRun_thenTheyMergeTwentyEightDaysOfStatesEndingOnTheEventsDay() throws Exception {
        // With a warm-up, which builds its own states from the warm-up's events.
        Benchmark.Options options = new Benchmark.Options(3_000, List.of(Benchmark.WINDOW_FLOOR,
                Benchmark.WINDOWS_FROM_DAYS, Benchmark.WINDOWS),
                folder.resolve("data"), Files.createDirectories(folder.resolve("work")), Optional.empty(), 500,
                Path.of("unused.jar"), scoring(), 1_000);

        BenchmarkReport report = run(options);

        org.apache.spark.sql.SparkSession spark = SparkTestSession.get();
        Path states = folder.resolve("data").resolve("states-3000");
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> stored = org.distillguard.features.FeatureJob.readStates(
                spark, states.toString());
        java.time.LocalDate last = BenchmarkData.firstDate(spark, folder.resolve("data").resolve("events-3000"));
        List<String> dates = stored.select("date").distinct().orderBy("date").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertThat(dates).hasSize(BenchmarkData.STATE_DAYS).endsWith(last.toString())
                .startsWith(last.minusDays(BenchmarkData.STATE_DAYS - 1).toString());
        assertThat(BenchmarkData.statesEnd(states)).isEqualTo(last);
        long lastDay = stored.where(org.apache.spark.sql.functions.col("date").equalTo(last.toString())).count();
        long total = stored.count();
        // Every account on the last day, about 70% of them on each of the 27 before it.
        assertThat(lastDay).isPositive();
        assertThat((double) (total - lastDay) / (lastDay * (BenchmarkData.STATE_DAYS - 1))).isBetween(0.6, 0.8);
        // The 7-day states of the three weeks before the last day's, as the feature stage would have stored them.
        for (int week = 1; week < org.distillguard.features.WeekStates.WEEKS; week++) {
            assertThat(states.resolve(org.distillguard.features.WeekStates.DIR).resolve("date=" + last.minusDays(7L * week))
                    .resolve("_sources.json")).isRegularFile();
        }
        assertThat(report.measurements()).extracting(Measurement::stage)
                .containsExactly(Benchmark.WINDOW_FLOOR, Benchmark.WINDOWS_FROM_DAYS, Benchmark.WINDOWS);
        assertThat(report.measurements()).allSatisfy(measurement -> assertThat(measurement.rows()).isEqualTo(total));
        assertThat(report.find(Benchmark.WINDOWS).orElseThrow().baseline()).isEqualTo(Benchmark.WINDOW_FLOOR);
        assertThat(report.find(Benchmark.WINDOWS_FROM_DAYS).orElseThrow().baseline()).isEqualTo(Benchmark.WINDOW_FLOOR);
        assertThat(report.notes()).anySatisfy(note -> assertThat(note).contains("28 days of feature states"));
        // A window the states do not reach fails instead of timing an empty merge, either way.
        Path scratch = folder.resolve("work").resolve("late-windows");
        assertThatThrownBy(() -> org.distillguard.features.FeatureBenchmark.windows(spark, states,
                last.plusDays(BenchmarkData.STATE_DAYS), DistillGuardConfig.defaults().features(), scratch))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("merged no states");
        assertThatThrownBy(() -> org.distillguard.features.FeatureBenchmark.windowsFromDays(stored,
                last.plusDays(BenchmarkData.STATE_DAYS), DistillGuardConfig.defaults().features()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("merged no states");
        // Without its stored weeks the stage fails rather than time the daily states' merge under its name.
        Benchmark.delete(states.resolve(org.distillguard.features.WeekStates.DIR));
        assertThatThrownBy(() -> org.distillguard.features.FeatureBenchmark.windows(spark, states, last,
                DistillGuardConfig.defaults().features(), scratch))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("0 of its 3 earlier weeks");
        // The cache is built again when its weeks are missing, or stored in another format.
        Path events = folder.resolve("data").resolve("events-3000");
        BenchmarkData.ensureStates(spark, DistillGuardConfig.defaults(), events, folder.resolve("data"), 3_000);
        Path sources = states.resolve(org.distillguard.features.WeekStates.DIR).resolve("date=" + last.minusDays(7))
                .resolve(org.distillguard.features.WeekStates.SOURCES);
        assertThat(sources).isRegularFile();
        Files.writeString(sources, Files.readString(sources).replace("\"format\":" + org.distillguard.features.WeekStates.FORMAT,
                "\"format\":0"));
        assertThat(Files.readString(sources)).contains("\"format\":0");
        BenchmarkData.ensureStates(spark, DistillGuardConfig.defaults(), events, folder.resolve("data"), 3_000);
        assertThat(Files.readString(sources)).contains("\"format\":" + org.distillguard.features.WeekStates.FORMAT);
        assertThat(org.distillguard.features.FeatureBenchmark.windows(spark, states, last,
                DistillGuardConfig.defaults().features(), scratch)).isEqualTo(total);
    }

    @Test
    void givenTheEventReadAndRewriteStages_whenRun_thenBothMeasureEveryIngestedEvent() throws Exception {
        Benchmark.Options options = new Benchmark.Options(2_000, List.of(Benchmark.EVENTS_READ, Benchmark.EVENTS_REWRITE),
                folder.resolve("data"), Files.createDirectories(folder.resolve("work")), Optional.empty(), 0,
                Path.of("unused.jar"), scoring(), 1_000);

        BenchmarkReport report = run(options);

        long events = SparkTestSession.get().read().parquet(folder.resolve("data").resolve("events-2000").toString())
                .count();
        assertThat(events).isBetween(1_000L, 2_000L);
        assertThat(report.measurements()).extracting(Measurement::stage)
                .containsExactly(Benchmark.EVENTS_READ, Benchmark.EVENTS_REWRITE);
        assertThat(report.measurements()).allSatisfy(measurement -> assertThat(measurement.rows()).isEqualTo(events));
        assertThat(report.find(Benchmark.EVENTS_REWRITE).orElseThrow().baseline()).isEqualTo(Benchmark.EVENTS_READ);
    }

    @Test
    void givenRepeats_whenStagesRun_thenEachReportsItsFastestRunAndNotesEveryRun() throws Exception {
        ScoringSetup scoring = scoring();
        Benchmark.Options options = new Benchmark.Options(2_000, List.of(Benchmark.IO, Benchmark.JACKSON_ONE),
                folder.resolve("data"), Files.createDirectories(folder.resolve("work")), Optional.empty(), 0,
                Path.of("unused.jar"), scoring, 1_000, 3);

        BenchmarkReport report = run(options);

        assertThat(report.measurements()).extracting(Measurement::stage).containsExactly(Benchmark.IO, Benchmark.JACKSON_ONE);
        for (Measurement measurement : report.measurements()) {
            assertThat(measurement.rows()).isEqualTo(2_000);
            String note = report.notes().stream().filter(n -> n.startsWith(measurement.stage() + ": fastest of 3 runs"))
                    .findFirst().orElseThrow();
            Matcher runs = Pattern.compile("([0-9.]+) s \\(").matcher(note);
            List<Double> seconds = new ArrayList<>();
            while (runs.find()) {
                seconds.add(Double.parseDouble(runs.group(1)));
            }
            assertThat(seconds).hasSize(3);
            assertThat(measurement.seconds()).isCloseTo(seconds.stream().min(Double::compare).orElseThrow(),
                    within(0.006));
        }
        assertThatThrownBy(() -> new Benchmark.Options(1, List.of(Benchmark.IO),
                folder, folder, Optional.empty(), 0, Path.of("unused.jar"), scoring, 1, 0))
                .hasMessageContaining("Invalid repeats: 0");
    }
}
