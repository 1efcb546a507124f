package org.distillguard.features;

import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.FeatureConfig;
import org.distillguard.ingest.EventSchema;
import org.distillguard.publish.DayTables;

/**
 * The 7-day states: each run's merge of the seven daily states ending on its date, stored beside the daily ones in
 * {@code feature_state_7d/date=D/} with the names of the daily state files it merged ({@code _sources.json}). The
 * 28-day window ending on D then merges four 7-day states (D's, and those stored for D-7, D-14 and D-21) instead of
 * twenty-eight daily ones. A stored 7-day state is used only while it still describes its week: if a daily state of
 * that week has since been rewritten, added or removed (a re-run or a backfill), or it was merged by another version
 * of the merge or with other settings, or its columns differ, that week's daily states are merged instead. The window
 * then equals the merge of the daily states either way: exactly for the exact features (up to the floating-point
 * rounding of sums taken in another order), within the sketches' error for the approximate ones (a frequent-items
 * sketch that overflowed depends on the order of its merges).
 */
public final class WeekStates {

    /** The 7-day states' table, beside {@code feature_state}. */
    public static final String DIR = "feature_state_7d";
    /** Days in one stored state: the shorter rolling window. */
    public static final int DAYS = 7;
    /** Stored states in the longer window (4 x 7 = 28 days). */
    public static final int WEEKS = 4;
    /** A 7-day state's record of what it merged, and how, beside its Parquet. */
    public static final String SOURCES = "_sources.json";
    /**
     * The version of what a stored 7-day state means: raise it whenever {@link DailyState#merge} or the state's
     * meaning changes, so that states stored by an earlier build are merged again from their days.
     */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private WeekStates() {}

    /**
     * What a 7-day state merged, and how: its last date, the merge's {@link #FORMAT} and settings, and per date the
     * daily state's file names (dates without one absent).
     */
    record Sources(String end, int days, int format, int templateTrackedItems, int capabilities,
            Map<String, List<String>> states) {

        static Sources of(LocalDate end, FeatureConfig config, Map<String, List<String>> states) {
            return new Sources(end.toString(), DAYS, FORMAT, config.templateTrackedItems(),
                    Lexicons.shipped().capabilityNames().size(), states);
        }

        /** Whether a state merged as these sources say is one this build, with {@code config}, would merge for {@code end}. */
        boolean sameMerge(LocalDate end, FeatureConfig config) {
            return states != null && equals(of(end, config, states));
        }
    }

    /**
     * Where each date's daily state and 7-day state are stored: folders of Parquet files, found under state tables
     * ({@code …/feature_state/date=…/}, with the 7-day states in the sibling {@code …/feature_state_7d/date=…/}).
     */
    public static final class Folders {
        private final Configuration hadoop;
        private final Map<LocalDate, Path> days = new TreeMap<>();
        private final Map<LocalDate, Path> weeks = new TreeMap<>();

        private Folders(Configuration hadoop) {
            this.hadoop = hadoop;
        }

        /** No stored states anywhere. */
        public static Folders none(Configuration hadoop) {
            return new Folders(hadoop);
        }

        /** Adds the dates in [from, to] that the state table {@code stateTable} holds (a missing table holds none). */
        public Folders add(String stateTable, LocalDate from, LocalDate to) {
            Path table = new Path(stateTable);
            days.putAll(dated(table).subMap(from, true, to, true));
            if (table.getParent() != null) {
                weeks.putAll(dated(new Path(table.getParent(), DIR)).subMap(from, true, to, true));
            }
            return this;
        }

        /** The sorted Parquet file names of the date's daily state, or an empty list when it has none. */
        List<String> dayFiles(LocalDate date) {
            Path folder = days.get(date);
            if (folder == null) {
                return List.of();
            }
            try {
                FileSystem fileSystem = folder.getFileSystem(hadoop);
                return Arrays.stream(fileSystem.listStatus(folder))
                        .filter(FileStatus::isFile)
                        .map(status -> status.getPath().getName())
                        .filter(name -> !name.startsWith("_") && !name.startsWith("."))
                        .sorted()
                        .toList();
            } catch (FileNotFoundException e) {
                return List.of();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the feature state of " + date + " in " + folder + ": "
                        + e.getMessage(), e);
            }
        }

        Optional<Path> week(LocalDate date) {
            return Optional.ofNullable(weeks.get(date));
        }

        private TreeMap<LocalDate, Path> dated(Path table) {
            TreeMap<LocalDate, Path> found = new TreeMap<>();
            try {
                FileSystem fileSystem = table.getFileSystem(hadoop);
                if (!fileSystem.exists(table)) {
                    return found;
                }
                for (FileStatus status : fileSystem.listStatus(table)) {
                    String name = status.getPath().getName();
                    if (status.isDirectory() && name.startsWith(EventSchema.DATE + "=")) {
                        try {
                            found.put(LocalDate.parse(name.substring(EventSchema.DATE.length() + 1)), status.getPath());
                        } catch (DateTimeParseException e) {
                            // Not a folder this project wrote; the table's readers skip it too.
                        }
                    }
                }
                return found;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the stored feature states in " + table + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Merges the daily states of the seven days ending on {@code date} and stores the result as that date's 7-day
     * state under {@code outDir}, with its sources. {@code folders} must already hold the date's own daily state.
     *
     * @return the stored 7-day state as read back (with {@code date})
     */
    public static Dataset<Row> write(SparkSession spark, Dataset<Row> states, Folders folders, LocalDate date,
            FeatureConfig config, String outDir) {
        Dataset<Row> week = RollingFeatures.merge(RollingFeatures.window(states, date, DAYS), date, config);
        DayTables.write(week, outDir, DIR, date);
        Map<String, List<String>> sources = new TreeMap<>();
        for (LocalDate day = date.minusDays(DAYS - 1L); !day.isAfter(date); day = day.plusDays(1)) {
            List<String> files = folders.dayFiles(day);
            if (!files.isEmpty()) {
                sources.put(day.toString(), files);
            }
        }
        Path target = new Path(DayTables.path(outDir, DIR, date).toString()); // where Spark wrote the Parquet
        try {
            FileSystem fileSystem = target.getFileSystem(folders.hadoop);
            // Written last: a run that stops before this leaves a 7-day state no later run will use.
            try (OutputStream out = fileSystem.create(new Path(target, SOURCES), true)) {
                JSON.writeValue(out, Sources.of(date, config, sources));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the sources of the 7-day state of " + date + ": "
                    + e.getMessage(), e);
        }
        return read(spark, target, date);
    }

    /**
     * The 28-day state ending on {@code date}: {@code week} (the 7-day state ending on it, as {@link #write} returns
     * it) merged with, for each of the three weeks before it, the stored 7-day state if it still describes its week,
     * else that week's daily states from {@code states}.
     */
    public static Month month(SparkSession spark, Dataset<Row> states, Dataset<Row> week, Folders folders,
            LocalDate date, FeatureConfig config) {
        Dataset<Row> parts = week;
        int stored = 0;
        for (int back = 1; back < WEEKS; back++) {
            LocalDate end = date.minusDays((long) DAYS * back);
            Optional<Dataset<Row>> storedWeek = stored(spark, folders, end, week.schema(), config);
            if (storedWeek.isPresent()) {
                stored++;
                parts = parts.unionByName(storedWeek.get());
            } else {
                parts = parts.unionByName(RollingFeatures.window(states, end, DAYS));
            }
        }
        return new Month(RollingFeatures.merge(parts, date, config), stored);
    }

    /** A 28-day state, and how many of its earlier three weeks came from stored 7-day states. */
    public record Month(Dataset<Row> state, int storedWeeks) {}

    /** The rolling features over 7 and 28 days, and how many earlier weeks the longer window took from stored states. */
    public record Windows(Dataset<Row> days7, Dataset<Row> days28, int storedWeeks) {}

    /**
     * The 7- and 28-day windows ending on {@code date} as the feature stage builds them: stores the date's 7-day state
     * under {@code outDir} ({@link #write}), then merges the 28-day state from it ({@link #month}).
     */
    public static Windows windows(SparkSession spark, Dataset<Row> states, Folders folders, LocalDate date,
            FeatureConfig config, String outDir) {
        Dataset<Row> week = write(spark, states, folders, date, config, outDir);
        Month month = month(spark, states, week, folders, date, config);
        return new Windows(FeatureReader.read(week, config, FeatureCatalog.rolling()),
                FeatureReader.read(month.state(), config, FeatureCatalog.rolling()), month.storedWeeks());
    }

    /** The stored 7-day state ending on {@code end}, if there is one whose sources and columns are still current. */
    static Optional<Dataset<Row>> stored(SparkSession spark, Folders folders, LocalDate end, StructType expected,
            FeatureConfig config) {
        Optional<Path> folder = folders.week(end);
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        Optional<Sources> read = sources(folders.hadoop, folder.get());
        if (read.isEmpty() || !read.get().sameMerge(end, config)) {
            return Optional.empty();
        }
        Sources sources = read.get();
        for (LocalDate day = end.minusDays(DAYS - 1L); !day.isAfter(end); day = day.plusDays(1)) {
            List<String> then = sources.states().getOrDefault(day.toString(), List.of());
            if (!Objects.equals(then, folders.dayFiles(day))) {
                return Optional.empty();
            }
        }
        Dataset<Row> week = read(spark, folder.get(), end);
        // Both are read back from states this code wrote, so the same columns come in the same order.
        return week.schema().sameType(expected) ? Optional.of(week) : Optional.empty();
    }

    /** Whether the 7-day state in {@code folder} has sources written in this build's {@link #FORMAT}. */
    public static boolean hasCurrentFormat(Configuration hadoop, String folder) {
        return sources(hadoop, new Path(folder)).map(read -> read.format() == FORMAT).orElse(false);
    }

    /** The sources beside a 7-day state, or empty when missing (a run stopped before writing them) or unreadable. */
    private static Optional<Sources> sources(Configuration hadoop, Path folder) {
        try (InputStream in = folder.getFileSystem(hadoop).open(new Path(folder, SOURCES))) {
            return Optional.of(JSON.readValue(in, Sources.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Dataset<Row> read(SparkSession spark, Path folder, LocalDate date) {
        return spark.read().parquet(folder.toString()).withColumn(EventSchema.DATE, lit(date.toString()));
    }
}
