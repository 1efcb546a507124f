package org.distillguard.features;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;
import org.distillguard.publish.CsvExport;
import org.distillguard.publish.DayTables;
import org.distillguard.publish.Directories;

/**
 * The feature stage for one date: reads that day's events only, computes the daily state in one aggregation, writes
 * the state, the day's features (with the 28-day baseline from earlier states), the bounded evidence, and the 7- and
 * 28-day windows merged from stored states: the 7-day window from seven daily states (stored as the date's 7-day state),
 * the 28-day window from four 7-day states where they are stored and current ({@link WeekStates}). Re-running a date
 * replaces that date's folders and touches no other.
 *
 * <pre>
 * OUT/features/date=D/              account_id + every catalog feature (FeatureCatalog.all())
 * OUT/features_7d/date=D/           account_id + the rolling features (FeatureCatalog.rolling()) over D-6..D
 * OUT/features_28d/date=D/          the same over D-27..D
 * OUT/feature_state/date=D/         account_id + DailyState.stateColumns()
 * OUT/feature_state_7d/date=D/      the same columns merged over D-6..D, and _sources.json (see WeekStates)
 * OUT/account_day_evidence/date=D/  account_id + template fingerprints, skeletons, signature, networks, ...
 * OUT/features-D.csv                the day's features as one CSV file
 * </pre>
 */
public final class FeatureJob {

    public static final String FEATURES_DIR = "features";
    public static final String FEATURES_7D_DIR = "features_7d";
    public static final String FEATURES_28D_DIR = "features_28d";
    public static final String STATE_DIR = "feature_state";
    public static final String EVIDENCE_DIR = "account_day_evidence";

    /**
     * What a run wrote.
     *
     * @param storedWeeks how many of the three weeks before the date's own the 28-day window took from stored 7-day
     *     states (the rest from daily states); see {@link WeekStates}
     */
    public record Result(LocalDate date, long accountDays, long accounts7d, long accounts28d, int storedWeeks) {}

    private FeatureJob() {}

    public static Result run(SparkSession spark, DistillGuardConfig config, String eventsDir, LocalDate date, String outDir) {
        return run(spark, config, eventsDir, date, outDir, java.util.List.of());
    }

    /**
     * The same, merging earlier days' states kept elsewhere too: the nightly job stages a date in its own folder and
     * passes the {@code feature_state} folders of the published days before it.
     */
    public static Result run(SparkSession spark, DistillGuardConfig config, String eventsDir, LocalDate date, String outDir,
            java.util.List<String> earlierStateFolders) {
        FeatureConfig features = config.features();
        Dataset<Row> events = EventSchema.read(spark, eventsDir).where(col(EventSchema.DATE).equalTo(date.toString()));
        DailyFeatures.Result day = DailyFeatures.computeAll(events, features);
        Dataset<Row> state = day.state().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            DayTables.write(day.storedState(), outDir, STATE_DIR, date);
            Dataset<Row> allStates = readStates(spark, outDir);
            if (!earlierStateFolders.isEmpty()) {
                // One read per folder: each published date is its own table root (its parent is named date=… too).
                Dataset<Row> earlier = earlierStateFolders.stream()
                        .map(folder -> spark.read().parquet(folder)
                                .withColumn(EventSchema.DATE, col(EventSchema.DATE).cast("string")))
                        .reduce(Dataset::unionByName).orElseThrow()
                        .where(col(EventSchema.DATE).lt(date.toString()));
                allStates = allStates.where(col(EventSchema.DATE).geq(date.toString())).unionByName(earlier);
            }
            Dataset<Row> prior = allStates.where(col(EventSchema.DATE).geq(date.minusDays(28).toString())
                    .and(col(EventSchema.DATE).lt(date.toString())));
            Dataset<Row> daily = DailyFeatures.withBaseline(day.features(), prior, features)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            DayTables.write(daily, outDir, FEATURES_DIR, date);
            CsvExport.writeSingleFile(daily, new Path(outDir, "features-" + date + ".csv").toString());
            DayTables.write(day.evidence(), outDir, EVIDENCE_DIR, date);
            WeekStates.Folders folders = stateFolders(spark, outDir, date, earlierStateFolders);
            WeekStates.Windows windows = WeekStates.windows(spark, allStates, folders, date, features, outDir);
            DayTables.write(windows.days7(), outDir, FEATURES_7D_DIR, date);
            DayTables.write(windows.days28(), outDir, FEATURES_28D_DIR, date);
            long accountDays = daily.count();
            long accounts7 = DayTables.read(spark, outDir, FEATURES_7D_DIR, date).count();
            long accounts28 = DayTables.read(spark, outDir, FEATURES_28D_DIR, date).count();
            daily.unpersist();
            Directories.restrictToOwner(spark.sparkContext().hadoopConfiguration(), outDir);
            return new Result(date, accountDays, accounts7, accounts28, windows.storedWeeks());
        } finally {
            state.unpersist();
        }
    }

    /**
     * The folders of the daily and 7-day states the windows ending on {@code date} may merge: the date's own under
     * {@code outDir}, and the 27 days before it from {@code earlierStateFolders} when given, else from {@code outDir}
     * (as {@link #run} reads them).
     */
    private static WeekStates.Folders stateFolders(SparkSession spark, String outDir, LocalDate date,
            java.util.List<String> earlierStateFolders) {
        String own = new Path(outDir, STATE_DIR).toString();
        LocalDate first = date.minusDays((long) WeekStates.DAYS * WeekStates.WEEKS - 1);
        WeekStates.Folders folders = WeekStates.Folders.none(spark.sparkContext().hadoopConfiguration());
        if (earlierStateFolders.isEmpty()) {
            return folders.add(own, first, date);
        }
        for (String folder : earlierStateFolders) {
            folders.add(folder, first, date.minusDays(1));
        }
        return folders.add(own, date, date);
    }

    /** Every stored daily state under {@code outDir}, with {@code date} as a string column. */
    public static Dataset<Row> readStates(SparkSession spark, String outDir) {
        return spark.read().parquet(new Path(outDir, STATE_DIR).toString())
                .withColumn(EventSchema.DATE, col(EventSchema.DATE).cast("string"));
    }
}
