package org.distillguard.features;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;
import org.distillguard.publish.DayTables;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 28-day window from stored 7-day states against the merge of its 28 daily states. A month of daily states is
 * made of the four simulated days' states, each date a copy of one of them (as the bench builds its month).
 */
class WeekStatesTest {

    private static final LocalDate FIRST = SimulationSpec.DEFAULT_START;
    /** The window's last day: the last simulated day, which has events for the feature job. */
    private static final LocalDate END = FIRST.plusDays(SimulatedEvents.DAYS - 1);
    private static final int MONTH = WeekStates.DAYS * WeekStates.WEEKS;

    @TempDir
    static Path sources;
    @TempDir
    Path out;

    private final SparkSession spark = SparkTestSession.get();
    private final FeatureConfig config = FeatureConfig.defaults();

    @BeforeAll
    static void storeTheSimulatedDaysStates() {
        Dataset<Row> events = SparkTestSession.get().read().parquet(SimulatedEvents.eventsDir());
        for (int day = 0; day < SimulatedEvents.DAYS; day++) {
            LocalDate date = FIRST.plusDays(day);
            DayTables.write(DailyFeatures.computeAll(events.where(col(EventSchema.DATE).equalTo(date.toString())),
                    FeatureConfig.defaults()).storedState(), sources.toString(), FeatureJob.STATE_DIR, date);
        }
    }

    @Test
    void givenThreeStoredWeeks_whenTheMonthIsMerged_thenItEqualsTheMergeOfTheTwentyEightDailyStates() {
        Path table = monthOfStates(out.resolve(FeatureJob.STATE_DIR));
        Dataset<Row> states = storeEarlierWeeks(table);
        assertThat(out.resolve(WeekStates.DIR).resolve("date=" + END.minusDays(7)).resolve(WeekStates.SOURCES))
                .isRegularFile();

        Dataset<Row> week = WeekStates.write(spark, states, folders(table), END, config, out.toString());
        WeekStates.Month month = WeekStates.month(spark, states, week, folders(table), END, config);

        assertThat(month.storedWeeks()).isEqualTo(3);
        int compared = assertSameFeatures(FeatureReader.read(month.state(), config, FeatureCatalog.rolling()),
                RollingFeatures.compute(states, END, MONTH, config));
        assertThat(compared).isGreaterThan(1000);
        assertSameFeatures(FeatureReader.read(week, config, FeatureCatalog.rolling()),
                RollingFeatures.compute(states, END, WeekStates.DAYS, config));
    }

    @Test
    void givenADailyStateRewrittenOrASourcesFileLost_whenTheMonthIsMerged_thenThoseWeeksComeFromTheirDailyStates() {
        Path table = monthOfStates(out.resolve(FeatureJob.STATE_DIR));
        Dataset<Row> before = storeEarlierWeeks(table);
        Map<String, Row> original = byAccount(RollingFeatures.compute(before, END, MONTH, config));
        // A re-run of a day in the week ending END-7 (now half its accounts), and a week whose sources file is gone.
        LocalDate rerun = END.minusDays(10);
        Dataset<Row> half = FeatureJob.readStates(spark, sources.toString())
                .where(col(EventSchema.DATE).equalTo(FIRST.toString()))
                .where("pmod(xxhash64(" + EventSchema.ACCOUNT_ID + "), 2) = 0");
        DayTables.write(half, out.toString(), FeatureJob.STATE_DIR, rerun);
        delete(out.resolve(WeekStates.DIR).resolve("date=" + END.minusDays(14)).resolve(WeekStates.SOURCES));
        Dataset<Row> after = FeatureJob.readStates(spark, out.toString());

        Dataset<Row> week = WeekStates.write(spark, after, folders(table), END, config, out.toString());
        WeekStates.Month month = WeekStates.month(spark, after, week, folders(table), END, config);

        assertThat(month.storedWeeks()).isEqualTo(1);
        Dataset<Row> merged = FeatureReader.read(month.state(), config, FeatureCatalog.rolling());
        assertSameFeatures(merged, RollingFeatures.compute(after, END, MONTH, config));
        // The rewrite changed the month, so a stale week would have been caught above.
        Map<String, Row> changed = byAccount(merged);
        long differing = original.keySet().stream().filter(account -> !changed.containsKey(account)
                || !changed.get(account).<Long>getAs(FeatureCatalog.REQUESTS).equals(original.get(account).getAs(FeatureCatalog.REQUESTS)))
                .count();
        assertThat(differing).isPositive();
    }

    @Test
    void givenADayBackfilledIntoAStoredWeekOrAWeekMergedWithOtherSettings_whenTheMonthIsMerged_thenThoseWeeksAreMergedAgain() {
        Path table = monthOfStates(out.resolve(FeatureJob.STATE_DIR));
        LocalDate backfilled = END.minusDays(24);
        Path held = out.resolve("held-back");
        move(table.resolve("date=" + backfilled), held);
        Dataset<Row> before = FeatureJob.readStates(spark, out.toString());
        WeekStates.Folders folders = folders(table);
        WeekStates.write(spark, before, folders, END.minusDays(21), config, out.toString());
        // The week ending END-14 merged with fewer frequent items tracked than this run's configuration says.
        FeatureConfig fewerItems = new FeatureConfig(config.modelOutputLimit(), config.nearLimitFraction(),
                config.offHoursBlockHours(), config.analysisChars(), config.templateHeadTokens(),
                config.templateTrackedItems() / 2, config.hllLgConfigK(), config.baselineMinDays(),
                config.evidenceTemplates(), config.evidenceSkeletons(), config.evidenceSkeletonChars(),
                config.evidenceSetSize());
        WeekStates.write(spark, before, folders, END.minusDays(14), fewerItems, out.toString());
        WeekStates.write(spark, before, folders, END.minusDays(7), config, out.toString());
        move(held, table.resolve("date=" + backfilled));
        Dataset<Row> after = FeatureJob.readStates(spark, out.toString());

        Dataset<Row> week = WeekStates.write(spark, after, folders(table), END, config, out.toString());
        WeekStates.Month month = WeekStates.month(spark, after, week, folders(table), END, config);

        assertThat(month.storedWeeks()).isEqualTo(1);
        assertSameFeatures(FeatureReader.read(month.state(), config, FeatureCatalog.rolling()),
                RollingFeatures.compute(after, END, MONTH, config));
    }

    @Test
    void givenPublishedDaysWithTheirWeeks_whenTheFeatureJobRunsAsTheNightlyDoes_thenItsMonthUsesTheStoredWeeks() {
        // The nightly's layout: each published date its own folder, its states under features/feature_state/.
        Path published = out.resolve("published");
        List<String> earlier = new ArrayList<>();
        for (int back = MONTH - 1; back >= 1; back--) {
            LocalDate date = END.minusDays(back);
            Path features = published.resolve("date=" + date).resolve("features");
            copyState(date, features.resolve(FeatureJob.STATE_DIR), back);
            earlier.add(features.resolve(FeatureJob.STATE_DIR).toString());
        }
        Dataset<Row> earlierStates = earlier.stream().map(folder -> spark.read().parquet(folder)
                        .withColumn(EventSchema.DATE, col(EventSchema.DATE).cast("string")))
                .reduce(Dataset::unionByName).orElseThrow();
        for (int week = WeekStates.WEEKS - 1; week >= 1; week--) {
            LocalDate end = END.minusDays(7L * week);
            WeekStates.Folders folders = WeekStates.Folders.none(spark.sparkContext().hadoopConfiguration());
            earlier.forEach(folder -> folders.add(folder, end.minusDays(6), end));
            WeekStates.write(spark, earlierStates, folders, end, config,
                    published.resolve("date=" + end).resolve("features").toString());
        }
        Path staging = out.resolve("staging");

        FeatureJob.Result result = FeatureJob.run(spark, DistillGuardConfig.defaults(), SimulatedEvents.eventsDir(), END,
                staging.toString(), earlier);

        assertThat(result.storedWeeks()).isEqualTo(3);
        assertThat(staging.resolve(WeekStates.DIR).resolve("date=" + END).resolve(WeekStates.SOURCES)).isRegularFile();
        Dataset<Row> all = earlierStates.unionByName(FeatureJob.readStates(spark, staging.toString()));
        assertSameFeatures(DayTables.read(spark, staging.toString(), FeatureJob.FEATURES_28D_DIR, END),
                RollingFeatures.compute(all, END, MONTH, config));
        assertSameFeatures(DayTables.read(spark, staging.toString(), FeatureJob.FEATURES_7D_DIR, END),
                RollingFeatures.compute(all, END, WeekStates.DAYS, config));
    }

    /** Daily states for the 28 days ending on END under {@code table}: each date a copy of a simulated day's. */
    private static Path monthOfStates(Path table) {
        for (int back = 0; back < MONTH; back++) {
            copyState(END.minusDays(back), table, back);
        }
        return table;
    }

    private static void copyState(LocalDate date, Path table, int back) {
        Path from = sources.resolve(FeatureJob.STATE_DIR).resolve("date=" + FIRST.plusDays(back % SimulatedEvents.DAYS));
        Path to = table.resolve("date=" + date);
        try (Stream<Path> files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores the 7-day states of the three weeks before END's from the daily states in {@code table}; returns those. */
    private Dataset<Row> storeEarlierWeeks(Path table) {
        Dataset<Row> states = FeatureJob.readStates(spark, out.toString());
        WeekStates.Folders folders = folders(table);
        for (int week = WeekStates.WEEKS - 1; week >= 1; week--) {
            WeekStates.write(spark, states, folders, END.minusDays(7L * week), config, out.toString());
        }
        return states;
    }

    private WeekStates.Folders folders(Path table) {
        return WeekStates.Folders.none(spark.sparkContext().hadoopConfiguration())
                .add(table.toString(), END.minusDays(MONTH - 1L), END);
    }

    /** Every rolling feature of every account equal (up to the rounding of sums taken in another order). */
    private static int assertSameFeatures(Dataset<Row> actualRows, Dataset<Row> expectedRows) {
        Map<String, Row> actual = byAccount(actualRows);
        Map<String, Row> expected = byAccount(expectedRows);
        assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSizeGreaterThan(40);
        int compared = 0;
        for (Map.Entry<String, Row> entry : expected.entrySet()) {
            for (FeatureDefinition feature : FeatureCatalog.rolling()) {
                Object want = entry.getValue().getAs(feature.name());
                Object got = actual.get(entry.getKey()).getAs(feature.name());
                String what = entry.getKey() + " " + feature.name();
                if (want == null) {
                    assertThat(got).as(what).isNull();
                } else {
                    double value = ((Number) want).doubleValue();
                    assertThat(((Number) got).doubleValue()).as(what)
                            .isCloseTo(value, within(1e-9 * Math.max(1, Math.abs(value))));
                }
                compared++;
            }
        }
        return compared;
    }

    private static Map<String, Row> byAccount(Dataset<Row> rows) {
        Map<String, Row> map = new HashMap<>();
        for (Row row : rows.collectAsList()) {
            map.put(row.getAs(EventSchema.ACCOUNT_ID), row);
        }
        return map;
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
