package org.distillguard.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.distillguard.features.DailyFeatures;
import org.distillguard.features.FeatureJob;
import org.distillguard.features.WeekStates;
import org.distillguard.publish.DayTables;
import org.distillguard.ingest.EventSchema;
import org.distillguard.scoring.ScoreColumns;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.simulate.PromptDecorator;
import org.distillguard.simulate.SecretPlanting;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;

/**
 * Simulated request logs of exactly N lines for the benchmarks, generated once with the simulator's {@code bench}
 * preset and cached by size, so repeated runs measure the same bytes.
 */
public final class BenchmarkData {

    /** The bench preset writes about 17 lines per account and day; a margin makes sure N lines exist. */
    private static final int LINES_PER_ACCOUNT = 15;

    private BenchmarkData() {}

    public static Path ensure(Path cacheDirectory, long rows, Optional<Path> corpora) {
        Path file = cacheDirectory.resolve("bench-" + rows + ".jsonl");
        if (Files.exists(file)) {
            return file;
        }
        try {
            Path simulated = cacheDirectory.resolve("simulated-" + rows);
            int accounts = (int) Math.min(SimulationSpec.MAX_ACCOUNTS, rows / LINES_PER_ACCOUNT + 1000);
            SimulationSpec spec = SimulationSpec.preset(SimulationSpec.BENCH).withAccounts(accounts);
            if (corpora.isPresent()) {
                spec = spec.withCorporaDirectory(corpora.get());
            }
            PromptDecorator secrets = new SecretPlanting(0.005);
            Simulator.run(spec, simulated, secrets);
            List<Path> days;
            try (Stream<Path> listing = Files.list(simulated)) {
                days = listing.filter(path -> path.getFileName().toString().startsWith("events-")).sorted().toList();
            }
            Path partial = cacheDirectory.resolve(".bench-" + rows + ".jsonl.partial");
            long written = 0;
            try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                for (Path day : days) {
                    try (BufferedReader in = Files.newBufferedReader(day, StandardCharsets.UTF_8)) {
                        String line;
                        while (written < rows && (line = in.readLine()) != null) {
                            out.write(line);
                            out.write('\n');
                            written++;
                        }
                    }
                }
            }
            if (written < rows) {
                throw new IllegalStateException("Cannot prepare benchmark data: the simulator wrote " + written
                        + " lines, fewer than the " + rows + " asked for");
            }
            Files.move(partial, file);
            try (Stream<Path> listing = Files.list(simulated)) {
                for (Path path : listing.toList()) {
                    Files.delete(path);
                }
            }
            Files.delete(simulated);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare benchmark data in " + cacheDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Canonical events of {@code data}, ingested once and cached as {@code events-N/} under {@code cacheDirectory}, so
     * the stages that read events (the feature pass and its floor) time only themselves.
     */
    public static Path ensureEvents(SparkSession spark, DistillGuardConfig config, Redactor redactor,
            Pseudonymizer pseudonymizer, Path data, Path cacheDirectory, long rows) {
        return cached(cacheDirectory, "events-" + rows, "events",
                (partial, scratch) -> ingest(spark, config, redactor, pseudonymizer, data, partial));
    }

    /**
     * {@code cacheDirectory/name}, built by {@code build} when missing: into a partial folder that is moved into place
     * once complete (so an interrupted build is never taken for a cached one), with a scratch folder that is removed
     * after.
     */
    private static Path cached(Path cacheDirectory, String name, String what, java.util.function.BiConsumer<Path, Path> build) {
        Path target = cacheDirectory.resolve(name);
        if (Files.exists(target)) {
            return target;
        }
        Path partial = cacheDirectory.resolve("." + name + ".partial");
        Path scratch = cacheDirectory.resolve("." + name + ".scratch");
        Benchmark.delete(partial);
        Benchmark.delete(scratch);
        build.accept(partial, scratch);
        Benchmark.delete(scratch);
        try {
            Files.move(partial, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cache benchmark " + what + " in " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /**
     * A one-day feature table of {@code accounts} accounts for the scoring stages, cached as {@code accounts-N/}: the
     * feature stage's table for the first day of {@code events}, with cluster size and score 0, repeated under new
     * account ids (and a per-copy jitter of the counts) until it has {@code accounts} rows. Scoring's cost per account
     * does not depend on which accounts they are, so copies of simulated accounts measure it as well as new ones.
     */
    public static Path ensureAccounts(SparkSession spark, DistillGuardConfig config, Path events, Path cacheDirectory,
            long accounts) {
        return cached(cacheDirectory, "accounts-" + accounts, "accounts",
                (partial, stage) -> buildAccounts(spark, config, events, accounts, partial, stage));
    }

    private static void buildAccounts(SparkSession spark, DistillGuardConfig config, Path events, long accounts,
            Path partial, Path stage) {
        LocalDate date = firstDate(spark, events);
        FeatureJob.run(spark, config, events.toString(), date, stage.toString());
        Dataset<Row> day = spark.read().parquet(stage.resolve(FeatureJob.FEATURES_DIR).toString())
                .withColumn(ScoreColumns.CLUSTER_SIZE, lit(0.0)).withColumn(ScoreColumns.CLUSTER_SCORE, lit(0.0));
        List<Row> source = day.orderBy(ScoreColumns.ACCOUNT_ID).collectAsList();
        if (source.isEmpty()) {
            throw new IllegalStateException("Cannot build the benchmark accounts: no feature rows for " + date + " in " + events);
        }
        StructType schema = day.schema();
        int idIndex = schema.fieldIndex(ScoreColumns.ACCOUNT_ID);
        int dateIndex = schema.fieldIndex(ScoreColumns.DATE);
        Broadcast<List<Row>> rows = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(source);
        int partitions = (int) Math.max(1, Math.min(200, accounts / 50_000));
        Dataset<Row> copies = spark.range(0, accounts, 1, partitions).map((MapFunction<Long, Row>) id -> {
            List<Row> from = rows.value();
            Row original = from.get((int) (id % from.size()));
            double jitter = 0.9 + 0.2 * ((id * 0x9E3779B97F4A7C15L >>> 11) / (double) (1L << 53));
            Object[] values = new Object[original.length()];
            for (int j = 0; j < values.length; j++) {
                Object value = original.get(j);
                if (j == idIndex) {
                    value = String.format(Locale.ROOT, "bench_%012d", id);
                } else if (j != dateIndex && value instanceof Long count && id >= from.size()) {
                    value = Math.round(count * jitter);
                }
                values[j] = value;
            }
            return RowFactory.create(values);
        }, Encoders.row(schema));
        copies.write().partitionBy(ScoreColumns.DATE).parquet(partial.toString());
    }

    /** Days of stored feature states the window stages read: the longest rolling window's. */
    public static final int STATE_DAYS = 28;

    /**
     * Twenty-eight days of stored feature states ({@code feature_state/date=…/}) ending on the first day of
     * {@code events}, for the window stages, cached as {@code states-N/}: the day's states as the feature stage stores
     * them, repeated for each earlier day with that date. Every account is active on the last day; on each earlier day
     * an account keeps its state with probability 0.7 (a hash of the account and the day decides), so a 28-day window
     * merges about 20 states per account, as a service's returning accounts would give it. Merging costs the same
     * whatever the states hold, so copies of one simulated day measure it as well as 28 simulated days would. The
     * 7-day states the feature stage would have stored on the three weeks' last days before the events' day are
     * built from those states too ({@code feature_state_7d/}); a cache from a build that did not store them, or
     * stored them in another format, is built again.
     */
    public static Path ensureStates(SparkSession spark, DistillGuardConfig config, Path events, Path cacheDirectory,
            long rows) {
        Path cachedStates = cacheDirectory.resolve("states-" + rows);
        if (Files.exists(cachedStates) && !currentWeeks(spark, cachedStates.resolve(WeekStates.DIR))) {
            Benchmark.delete(cachedStates);
        }
        return cached(cacheDirectory, "states-" + rows, "states",
                (partial, day) -> buildStates(spark, config, events, partial, day));
    }

    private static void buildStates(SparkSession spark, DistillGuardConfig config, Path events, Path partial, Path day) {
        LocalDate date = firstDate(spark, events);
        Dataset<Row> dayEvents = EventSchema.read(spark, events.toString())
                .where(col(EventSchema.DATE).equalTo(date.toString()));
        DayTables.write(DailyFeatures.computeAll(dayEvents, config.features()).storedState(), day.toString(),
                FeatureJob.STATE_DIR, date);
        Dataset<Row> stored = DayTables.read(spark, day.toString(), FeatureJob.STATE_DIR, date);
        for (int back = 0; back < STATE_DAYS; back++) {
            Dataset<Row> copy = back == 0 ? stored : stored.where(
                    pmod(xxhash64(col(EventSchema.ACCOUNT_ID), lit(back)), lit(10L)).lt(7L));
            DayTables.write(copy, partial.toString(), FeatureJob.STATE_DIR, date.minusDays(back));
        }
        Dataset<Row> states = FeatureJob.readStates(spark, partial.toString());
        WeekStates.Folders folders = WeekStates.Folders.none(spark.sparkContext().hadoopConfiguration())
                .add(partial.resolve(FeatureJob.STATE_DIR).toString(), date.minusDays(STATE_DAYS - 1L), date);
        for (int week = WeekStates.WEEKS - 1; week >= 1; week--) {
            WeekStates.write(spark, states, folders, date.minusDays((long) WeekStates.DAYS * week), config.features(),
                    partial.toString());
        }
    }

    /** Whether {@code weeks} holds 7-day states, each with sources in this build's format. */
    private static boolean currentWeeks(SparkSession spark, Path weeks) {
        if (!Files.isDirectory(weeks)) {
            return false;
        }
        try (Stream<Path> dates = Files.list(weeks)) {
            List<Path> folders = dates.filter(Files::isDirectory).toList();
            return !folders.isEmpty() && folders.stream().allMatch(folder -> WeekStates.hasCurrentFormat(
                    spark.sparkContext().hadoopConfiguration(), folder.toString()));
        } catch (IOException e) {
            return false;
        }
    }

    /** The first date of the canonical events under {@code events} (the day the account table and the states hold). */
    static LocalDate firstDate(SparkSession spark, Path events) {
        return LocalDate.parse(spark.read().parquet(events.toString())
                .agg(min(col(EventSchema.DATE).cast("string"))).first().getString(0));
    }

    /** The last date of the states under {@code states} (the day the windows end on), from the folder names. */
    public static LocalDate statesEnd(Path states) {
        Path folder = states.resolve(FeatureJob.STATE_DIR);
        try (Stream<Path> dates = Files.list(folder)) {
            return dates.map(path -> path.getFileName().toString())
                    .filter(name -> name.startsWith(EventSchema.DATE + "="))
                    .map(name -> LocalDate.parse(name.substring(EventSchema.DATE.length() + 1)))
                    .max(LocalDate::compareTo)
                    .orElseThrow(() -> new IllegalStateException("No dated states in " + folder
                            + ": delete the folder and let the bench build it again"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the benchmark states in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Ingests {@code data} and leaves only its canonical events (the {@code events/} tree) in {@code target}. */
    static void ingest(SparkSession spark, DistillGuardConfig config, Redactor redactor, Pseudonymizer pseudonymizer,
            Path data, Path target) {
        Path output = target.resolveSibling(target.getFileName() + "-ingest");
        Benchmark.delete(output);
        IngestJob.run(spark, config, redactor, pseudonymizer,
                new IngestRequest(List.of(data.toString()), output.toString(), Optional.empty()));
        try {
            Files.move(output.resolve(IngestJob.EVENTS_DIR), target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare benchmark events in " + target + ": " + e.getMessage(), e);
        }
        Benchmark.delete(output);
    }

    /** The dates of the file's first and last lines and every date between (the bench files are in time order by day). */
    public static List<LocalDate> dates(Path file) {
        try {
            String first;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                first = in.readLine();
            }
            String last = lastLine(file);
            if (first == null || last == null) {
                throw new IllegalArgumentException("Cannot find the dates of " + file + ": it is empty");
            }
            LocalDate from = dateOf(first, file);
            LocalDate to = dateOf(last, file);
            List<LocalDate> dates = new ArrayList<>();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                dates.add(day);
            }
            return dates;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static LocalDate dateOf(String line, Path file) throws IOException {
        JsonNode timestamp = new ObjectMapper().readTree(line).get("timestamp");
        if (timestamp == null || !timestamp.isTextual()) {
            throw new IllegalArgumentException("Cannot find the dates of " + file + ": a line has no timestamp");
        }
        return OffsetDateTime.parse(timestamp.asText()).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static String lastLine(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int window = (int) Math.min(length, 1 << 20);
            byte[] tail = new byte[window];
            in.seek(length - window);
            in.readFully(tail);
            int end = window;
            while (end > 0 && (tail[end - 1] == '\n' || tail[end - 1] == '\r')) {
                end--;
            }
            int start = end;
            while (start > 0 && tail[start - 1] != '\n') {
                start--;
            }
            return end == 0 ? null : new String(tail, start, end - start, StandardCharsets.UTF_8);
        }
    }

    /** Times nothing itself: generates about {@code rows} lines with the bench preset into {@code folder}; returns lines. */
    public static long simulate(long rows, Path folder) {
        int accounts = (int) Math.min(SimulationSpec.MAX_ACCOUNTS, rows / LINES_PER_ACCOUNT + 1000);
        return Simulator.run(SimulationSpec.preset(SimulationSpec.BENCH).withAccounts(accounts), folder).totalRecords();
    }

    public static long countLines(Path file) {
        return Baselines.readFile(file);
    }

    /** The first {@code rows} lines of {@code source}, for warming up. */
    public static Path head(Path source, long rows, Path target) {
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            String line;
            for (long i = 0; i < rows && (line = in.readLine()) != null; i++) {
                out.write(line);
                out.write('\n');
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy benchmark warm-up data: " + e.getMessage(), e);
        }
    }
}
