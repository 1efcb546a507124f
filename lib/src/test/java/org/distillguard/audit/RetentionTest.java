package org.distillguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.distillguard.config.ConfigLoader;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.RetentionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-24");

    @TempDir
    Path warehouse;

    private void folders(String area, String... names) throws IOException {
        for (String name : names) {
            Path folder = Files.createDirectories(warehouse.resolve(area).resolve(name));
            Files.writeString(folder.resolve("part-00000"), "x");
        }
    }

    @Test
    void givenDatedFoldersInEveryArea_whenPlanned_thenOnlyThoseOlderThanTheirAreasLimitAreListed() throws IOException {
        folders("events", "date=2026-08-25", "date=2026-08-26", "date=2026-11-24");
        folders("quarantine", "date=2026-11-09", "date=2026-11-10", "date=all");
        folders("reports", "date=2026-05-27", "date=2026-05-28");
        folders("review", "date=2026-01-01");
        folders("features", "date=2020-01-01");
        Files.writeString(warehouse.resolve("events").resolve("date=2000-01-01"), "a file, not a partition");
        folders("events", "date=2026-13-45", "not-a-date");

        Retention.Plan plan = Retention.plan(warehouse.toString(), TODAY,
                ConfigLoader.load(Optional.empty(), List.of("retention.events-days=90", "retention.quarantine-days=14",
                        "retention.reports-days=180")));

        assertThat(plan.cutoffs()).containsEntry("events", LocalDate.parse("2026-08-26"))
                .containsEntry("quarantine", LocalDate.parse("2026-11-10"));
        assertThat(plan.expired()).extracting(expired -> expired.area() + "/" + expired.date()).containsExactly(
                "events/2026-08-25", "quarantine/2026-11-09", "reports/2026-05-27", "review/2026-01-01");
    }

    @Test
    void givenAPlan_whenApplied_thenExactlyItsFoldersAreDeletedAndADryRunDeletesNothing() throws IOException {
        folders("events", "date=2026-01-01", "date=2026-11-23");
        folders("quarantine", "date=2026-01-01");
        Retention.Plan plan = Retention.plan(warehouse.toString(), TODAY, DistillGuardConfig.defaults());
        assertThat(plan.expired()).hasSize(2);
        // Planning is the dry run: nothing is gone yet.
        assertThat(warehouse.resolve("events").resolve("date=2026-01-01")).exists();

        int deleted = Retention.apply(new Configuration(), plan);

        assertThat(deleted).isEqualTo(2);
        assertThat(warehouse.resolve("events").resolve("date=2026-01-01")).doesNotExist();
        assertThat(warehouse.resolve("quarantine").resolve("date=2026-01-01")).doesNotExist();
        assertThat(warehouse.resolve("events").resolve("date=2026-11-23")).exists();
        assertThat(Retention.apply(new Configuration(), plan)).as("applying twice deletes nothing more").isZero();
    }

    @Test
    void givenTheNightlyLayout_whenPlanned_thenOldDatesLoseEventsQuarantineAndReviewButKeepFeaturesAndScores() throws IOException {
        for (String date : List.of("date=2026-01-01", "date=2026-11-20")) {
            for (String area : List.of("ingest/events", "ingest/quarantine", "review", "features", "scores")) {
                Files.createDirectories(warehouse.resolve("published").resolve(date).resolve(area));
            }
        }

        Retention.Plan plan = Retention.plan(warehouse.toString(), TODAY, DistillGuardConfig.defaults());
        Retention.apply(new Configuration(), plan);

        Path old = warehouse.resolve("published").resolve("date=2026-01-01");
        assertThat(plan.expired()).extracting(Retention.Expired::area).containsExactlyInAnyOrder("events", "quarantine", "review");
        assertThat(old.resolve("ingest/events")).doesNotExist();
        assertThat(old.resolve("ingest/quarantine")).doesNotExist();
        assertThat(old.resolve("review")).doesNotExist();
        assertThat(old.resolve("features")).exists();
        assertThat(old.resolve("scores")).exists();
        assertThat(warehouse.resolve("published").resolve("date=2026-11-20").resolve("ingest/events")).exists();
    }

    @Test
    void givenSevenDayStatesOfManyDates_whenPlanned_thenOnlyThoseOlderThanFourWeeksGoAndTheDailyStatesStay()
            throws IOException {
        // TODAY minus 28 days is the oldest 7-day state kept.
        LocalDate oldestKept = TODAY.minusDays(28);
        for (LocalDate date : List.of(oldestKept.minusDays(1), oldestKept, TODAY)) {
            Path features = warehouse.resolve("published").resolve("date=" + date).resolve("features");
            Path week = Files.createDirectories(features.resolve("feature_state_7d").resolve("date=" + date));
            Files.writeString(week.resolve("_sources.json"), "{}");
            Files.writeString(week.resolve("part-00000.parquet"), "x");
            Files.createDirectories(features.resolve("feature_state").resolve("date=" + date));
        }

        Retention.Plan plan = Retention.plan(warehouse.toString(), TODAY, DistillGuardConfig.defaults());
        Retention.apply(new Configuration(), plan);

        assertThat(plan.cutoffs()).containsEntry("week_states", oldestKept);
        assertThat(plan.expired()).extracting(Retention.Expired::area, Retention.Expired::date)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("week_states", oldestKept.minusDays(1)));
        Path dropped = warehouse.resolve("published").resolve("date=" + oldestKept.minusDays(1)).resolve("features");
        assertThat(dropped.resolve("feature_state_7d")).doesNotExist();
        assertThat(dropped.resolve("feature_state")).exists();
        assertThat(warehouse.resolve("published").resolve("date=" + oldestKept).resolve("features/feature_state_7d"))
                .exists();
    }

    @Test
    void givenAWarehouseReachableOnlyThroughHadoopSettingsOfTheConfig_whenPlannedAndApplied_thenItsOldFoldersGo()
            throws IOException {
        folders("events", "date=2026-01-01", "date=2026-11-23");
        // A viewfs mount defined only among the config's Spark settings (no cache, so nothing else can resolve it).
        String table = "retention" + Long.toHexString(System.nanoTime());
        DistillGuardConfig config = DistillGuardConfig.defaults().withSpark(new org.distillguard.config.SparkConfig(
                "local[*]", 8, java.util.Map.of(
                        "spark.hadoop.fs.viewfs.mounttable." + table + ".link./data", warehouse.toUri().toString(),
                        "spark.hadoop.fs.viewfs.impl.disable.cache", "true")));
        String mounted = "viewfs://" + table + "/data";

        Retention.Plan plan = Retention.plan(mounted, TODAY, config);
        int deleted = Retention.apply(config.spark().hadoopConfiguration(), plan);

        assertThat(plan.expired()).extracting(Retention.Expired::path)
                .containsExactly(mounted + "/events/date=2026-01-01");
        assertThat(deleted).isEqualTo(1);
        assertThat(warehouse.resolve("events").resolve("date=2026-01-01")).doesNotExist();
        assertThat(warehouse.resolve("events").resolve("date=2026-11-23")).exists();
    }

    @Test
    void givenAMissingWarehouse_whenPlanned_thenTheMessageNamesIt() {
        Path missing = warehouse.resolve("missing");
        assertThatThrownBy(() -> Retention.plan(missing.toString(), TODAY, DistillGuardConfig.defaults()))
                .hasMessage("Cannot plan retention: warehouse " + missing + " does not exist");
    }

    @Test
    void givenDaysOutOfRange_whenConfigured_thenTheMessageNamesKeyValueAndRange() {
        assertThatThrownBy(() -> new RetentionConfig(0, 14, 180))
                .hasMessage("Invalid config value for retention.events-days: 0 (expected 1 to 36500)");
        assertThat(DistillGuardConfig.defaults().retention()).isEqualTo(new RetentionConfig(90, 14, 180));
    }
}
