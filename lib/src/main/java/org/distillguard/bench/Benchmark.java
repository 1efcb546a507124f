package org.distillguard.bench;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.distillguard.audit.AuditJob;
import org.distillguard.audit.AuditRequest;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.features.FeatureBenchmark;
import org.distillguard.features.FeatureJob;
import org.distillguard.ingest.EventSchema;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.nightly.NightlyJob;
import org.distillguard.nightly.NightlyManifest;
import org.distillguard.nightly.NightlyRequest;
import org.distillguard.nightly.Progress;
import org.distillguard.nightly.ScoringSetup;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.scoring.FeatureTable;
import org.distillguard.scoring.ModelResolver;
import org.distillguard.scoring.ScoreColumns;
import org.distillguard.scoring.ScoreJob;
import org.distillguard.scoring.ScoreRequest;

/**
 * Times the pipeline's stages beside the baselines a user would compare them with, on the same simulated file, in
 * one run, after a warm-up. Never used by tests to assert on time.
 */
public final class Benchmark {

    public static final String IO = "io-floor";
    public static final String JACKSON_ONE = "jackson-parse-1-thread";
    public static final String JACKSON_ALL = "jackson-parse-all-cores";
    public static final String SPARK_JSON_PARQUET = "spark-json-to-parquet";
    public static final String SPARK_AGGREGATE = "spark-json-aggregate";
    public static final String INGEST = "ingest";
    public static final String SIMULATE = "simulate";
    public static final String AUDIT = "audit";
    /** Spark reading every column of the ingested events, written nowhere: the read half of the next stage. */
    public static final String EVENTS_READ = "spark-events-read";
    /**
     * Spark reading the ingested events and writing them again as ingest writes them (the same writer, partitioned by
     * date): what writing ingest's output costs, apart from reading logs, parsing, redacting and pseudonymizing.
     */
    public static final String EVENTS_REWRITE = "spark-events-rewrite";
    /** count + sum + count distinct per (account, date) over the ingested events: the feature pass's floor. */
    public static final String SPARK_AGGREGATE_FLOOR = "spark-aggregate-floor";
    /** The daily feature pass over the same ingested events. */
    public static final String FEATURES = "features";
    /** count + sum per account over 28 days of stored feature states: the window merge's floor. */
    public static final String WINDOW_FLOOR = "window-floor";
    /**
     * The 7- and 28-day windows at a steady state, as the feature stage builds them: the day's 7-day state from its
     * seven daily states, the 28-day window from it and the 7-day states stored for the three weeks before.
     */
    public static final String WINDOWS = "windows";
    /** The same windows merged from the 28 days of daily states alone (the feature stage's merge before 7-day states). */
    public static final String WINDOWS_FROM_DAYS = "windows-from-days";
    /** DuckDB computing the volume, timing and exact-duplicate subset of the features straight from the JSONL. */
    public static final String DUCKDB = "duckdb-subset";
    /** The whole nightly job (ingest, features, coordination, scores, review, gates, publication) on the file. */
    public static final String NIGHTLY = "nightly";
    /** Reads the account table, computes one number from every feature of each row and writes it: scoring's floor. */
    public static final String SCORE_FLOOR = "score-floor";
    /** The scoring stage (rules, isolation forest, bootstrap model, explanations) over the account table. */
    public static final String SCORE = "score";
    public static final List<String> STAGES = List.of(IO, JACKSON_ONE, JACKSON_ALL, SPARK_JSON_PARQUET, SPARK_AGGREGATE, DUCKDB,
            INGEST, AUDIT, SIMULATE, EVENTS_READ, EVENTS_REWRITE, SPARK_AGGREGATE_FLOOR, FEATURES, WINDOW_FLOOR, WINDOWS_FROM_DAYS, WINDOWS, NIGHTLY,
            SCORE_FLOOR, SCORE);
    /** Stages that read canonical events: the bench ingests its logs once (cached as events-N/) and times only them. */
    static final List<String> EVENT_STAGES = List.of(EVENTS_READ, EVENTS_REWRITE, SPARK_AGGREGATE_FLOOR, FEATURES);
    /** Stages that read a one-day account table of {@link Options#accounts()} rows, built once (cached as accounts-N/). */
    static final List<String> ACCOUNT_STAGES = List.of(SCORE_FLOOR, SCORE);
    /** Stages that read 28 days of feature states built from the events once (cached as states-N/). */
    static final List<String> STATE_STAGES = List.of(WINDOW_FLOOR, WINDOWS_FROM_DAYS, WINDOWS);

    /**
     * @param rows lines of simulated logs to measure on
     * @param stages stages to run, in {@link #STAGES} order
     * @param dataDirectory where generated data is cached between runs
     * @param workDirectory scratch space for outputs, emptied after each stage
     * @param duckDbJar DuckDB's JDBC driver, for the {@link #DUCKDB} baseline
     * @param scoring the rules and bootstrap model, for the {@link #NIGHTLY} and {@link #SCORE} stages
     * @param accounts accounts in the table the {@link #ACCOUNT_STAGES} score
     * @param repeats times each stage runs, in rounds of all the stages in turn; the fastest run (by wall time) is
     *     reported, every run's time noted
     */
    public record Options(long rows, List<String> stages, Path dataDirectory, Path workDirectory, Optional<Path> corpora,
            long warmUpRows, Path duckDbJar, ScoringSetup scoring, long accounts, int repeats) {
        /** One run per stage. */
        public Options(long rows, List<String> stages, Path dataDirectory, Path workDirectory, Optional<Path> corpora,
                long warmUpRows, Path duckDbJar, ScoringSetup scoring, long accounts) {
            this(rows, stages, dataDirectory, workDirectory, corpora, warmUpRows, duckDbJar, scoring, accounts, 1);
        }

        public Options {
            if (repeats < 1 || repeats > 100) {
                throw new IllegalArgumentException("Invalid repeats: " + repeats + " (expected 1 to 100)");
            }
            stages = List.copyOf(stages);
            java.util.Objects.requireNonNull(duckDbJar, "duckDbJar is null");
            java.util.Objects.requireNonNull(scoring, "scoring is null");
            for (String stage : stages) {
                if (!STAGES.contains(stage)) {
                    throw new IllegalArgumentException("Invalid stage: " + stage + " (expected one of " + STAGES + ")");
                }
            }
            if (rows < 1) {
                throw new IllegalArgumentException("Invalid rows: " + rows + " (expected at least 1)");
            }
            if (accounts < 1) {
                throw new IllegalArgumentException("Invalid accounts: " + accounts + " (expected at least 1)");
            }
        }
    }

    private Benchmark() {}

    public static BenchmarkReport run(SparkSession spark, DistillGuardConfig config, Redactor redactor,
            Pseudonymizer pseudonymizer, Options options) {
        Path data = BenchmarkData.ensure(options.dataDirectory(), options.rows(), options.corpora());
        long bytes = size(data);
        boolean needsAccounts = options.stages().stream().anyMatch(ACCOUNT_STAGES::contains);
        boolean needsStates = options.stages().stream().anyMatch(STATE_STAGES::contains);
        boolean needsEvents = needsAccounts || needsStates || options.stages().stream().anyMatch(EVENT_STAGES::contains);
        if (options.warmUpRows() > 0) {
            Path warmUp = BenchmarkData.head(data, options.warmUpRows(), options.workDirectory().resolve("warm-up.jsonl"));
            Path warmUpEvents = options.workDirectory().resolve("warm-up-events");
            Path warmUpCache = options.workDirectory().resolve("warm-up-cache");
            if (needsEvents) {
                BenchmarkData.ingest(spark, config, redactor, pseudonymizer, warmUp, warmUpEvents);
            }
            Path warmUpAccounts = needsAccounts ? BenchmarkData.ensureAccounts(spark, config, warmUpEvents, warmUpCache,
                    Math.min(options.accounts(), options.warmUpRows())) : null;
            Path warmUpStates = needsStates ? BenchmarkData.ensureStates(spark, config, warmUpEvents, warmUpCache,
                    options.warmUpRows()) : null;
            for (String stage : options.stages()) {
                runStage(stage, spark, config, redactor, pseudonymizer, warmUp, warmUpEvents, warmUpAccounts,
                        warmUpStates, options, options.warmUpRows(), new ArrayList<>());
            }
            delete(warmUp);
            delete(warmUpEvents);
            delete(warmUpCache);
        }
        Path events = needsEvents
                ? BenchmarkData.ensureEvents(spark, config, redactor, pseudonymizer, data, options.dataDirectory(), options.rows())
                : null;
        Path accounts = needsAccounts
                ? BenchmarkData.ensureAccounts(spark, config, events, options.dataDirectory(), options.accounts())
                : null;
        Path states = needsStates
                ? BenchmarkData.ensureStates(spark, config, events, options.dataDirectory(), options.rows())
                : null;
        // With repeats the stages run in rounds (each stage once per round, in order), not each stage's runs back to
        // back: a stage and its baseline then see the same spells of this host's load, which drifts over minutes.
        Map<String, Measurement> fastest = new LinkedHashMap<>();
        Map<String, List<String>> fastestNotes = new LinkedHashMap<>();
        Map<String, StringBuilder> runs = new LinkedHashMap<>();
        for (int run = 0; run < options.repeats(); run++) {
            for (String stage : options.stages()) {
                long stageBytes = ACCOUNT_STAGES.contains(stage) ? size(accounts)
                        : STATE_STAGES.contains(stage) ? size(states.resolve(FeatureJob.STATE_DIR)) : bytes;
                System.gc();
                resetPeaks();
                try (HeapAfterGc heapAfterGc = new HeapAfterGc(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())) {
                    long cpuStarted = processCpuNanos();
                    long started = System.nanoTime();
                    // The notes (the nightly's stage times) are the reported run's.
                    List<String> runNotes = new ArrayList<>();
                    long rows = runStage(stage, spark, config, redactor, pseudonymizer, data, events, accounts, states, options,
                            options.rows(), runNotes);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
                    Measurement measured = new Measurement(stage, baselineOf(stage), rows, stageBytes, seconds,
                            cpuSeconds, peakHeap(), heapAfterGc.peakBytes());
                    runs.computeIfAbsent(stage, s -> new StringBuilder()).append(String.format(Locale.ROOT,
                            "%s%.2f s (%.2f CPU s)", run == 0 ? "" : ", ", seconds, cpuSeconds));
                    Measurement best = fastest.get(stage);
                    if (best == null || measured.seconds() < best.seconds()) {
                        fastest.put(stage, measured);
                        fastestNotes.put(stage, runNotes);
                    }
                }
            }
        }
        List<Measurement> measurements = new ArrayList<>(fastest.values());
        List<String> notes = new ArrayList<>();
        for (String stage : options.stages()) {
            notes.addAll(fastestNotes.get(stage));
            if (options.repeats() > 1) {
                notes.add(String.format(Locale.ROOT, "%s: fastest of %d runs reported (the stages ran in %d rounds);"
                        + " runs %s", stage, options.repeats(), options.repeats(), runs.get(stage)));
            }
        }
        if (needsAccounts) {
            notes.add(String.format(Locale.ROOT, "%s and %s: %,d accounts (one day; rows are accounts, MB are the"
                    + " account table's Parquet)", SCORE_FLOOR, SCORE, options.accounts()));
        }
        if (needsStates) {
            notes.add(String.format(Locale.ROOT, "%s, %s and %s: %d days of feature states ending on the events' day,"
                    + " each earlier day holding about 70%% of its accounts, and the 7-day states of the three weeks"
                    + " before the last (rows are the daily states the 28-day window covers, MB the size of the daily"
                    + " states' Parquet, whichever a stage reads); %s merges the 7- and the 28-day window from the"
                    + " daily states alone, %s as the feature stage does, from the day's 7-day state and the three"
                    + " stored ones; %s aggregates the 28 days once", WINDOW_FLOOR, WINDOWS_FROM_DAYS, WINDOWS,
                    BenchmarkData.STATE_DAYS, WINDOWS_FROM_DAYS, WINDOWS, WINDOW_FLOOR));
        }
        return new BenchmarkReport(options.rows(), bytes, measurements, machineFacts(spark.sparkContext().master()), notes);
    }

    static String baselineOf(String stage) {
        return switch (stage) {
            case INGEST, SPARK_AGGREGATE -> SPARK_JSON_PARQUET;
            case AUDIT -> INGEST;
            case JACKSON_ALL -> JACKSON_ONE;
            case SIMULATE -> IO;
            case FEATURES -> SPARK_AGGREGATE_FLOOR;
            case EVENTS_REWRITE -> EVENTS_READ;
            case NIGHTLY -> DUCKDB;
            case SCORE -> SCORE_FLOOR;
            case WINDOWS, WINDOWS_FROM_DAYS -> WINDOW_FLOOR;
            default -> "";
        };
    }

    private static long runStage(String stage, SparkSession spark, DistillGuardConfig config, Redactor redactor,
            Pseudonymizer pseudonymizer, Path data, Path events, Path accounts, Path states, Options options, long lines,
            List<String> notes) {
        Path output = options.workDirectory().resolve(stage);
        delete(output);
        LongSupplier step = switch (stage) {
            case IO -> () -> Baselines.readFile(data);
            case JACKSON_ONE -> () -> Baselines.jacksonParse(data, 1);
            case JACKSON_ALL -> () -> Baselines.jacksonParse(data, Runtime.getRuntime().availableProcessors());
            case SPARK_JSON_PARQUET -> () -> {
                spark.read().json(data.toString()).write().parquet(output.toString());
                return spark.read().parquet(output.toString()).count();
            };
            case SPARK_AGGREGATE -> () -> {
                spark.read().json(data.toString()).groupBy(col("account_id"))
                        .agg(count(lit(1)).as("requests"), sum(col("response.usage.prompt_tokens")).as("prompt_tokens"),
                                count_distinct(xxhash64(col("request.messages"))).as("distinct_prompts"))
                        .write().parquet(output.toString());
                return spark.read().json(data.toString()).count();
            };
            case DUCKDB -> () -> {
                try {
                    Files.createDirectories(output);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return DuckDbBaseline.run(options.duckDbJar(), data, output.resolve("subset.parquet"),
                        Runtime.getRuntime().availableProcessors());
            };
            case NIGHTLY -> () -> {
                List<NightlyManifest> manifests = NightlyJob.run(spark, config, redactor, pseudonymizer,
                        new NightlyRequest(List.of(data.toString()), BenchmarkData.dates(data), output.toString()),
                        options.scoring(), Progress.silent());
                for (NightlyManifest manifest : manifests) {
                    StringBuilder note = new StringBuilder("nightly " + manifest.date() + ":");
                    manifest.stageMillis().forEach((name, millis) -> note.append(String.format(Locale.ROOT, " %s %.1f s,", name, millis / 1000.0)));
                    note.append(String.format(Locale.ROOT, " %,d events, %,d accounts scored, %,d clusters",
                            manifest.events(), manifest.outputs().getOrDefault("scored", 0L),
                            manifest.outputs().getOrDefault("clusters", 0L)));
                    notes.add(note.toString());
                }
                return lines;
            };
            case INGEST -> () -> IngestJob.run(spark, config, redactor, pseudonymizer,
                    new IngestRequest(List.of(data.toString()), output.toString(), Optional.empty())).records();
            case SIMULATE -> () -> BenchmarkData.simulate(BenchmarkData.countLines(data), output);
            case AUDIT -> () -> auditRecords(spark, config, redactor, data, output);
            case EVENTS_READ -> () -> {
                spark.read().parquet(events.toString()).write().format("noop").mode(SaveMode.Overwrite).save();
                return spark.read().parquet(events.toString()).count();
            };
            case EVENTS_REWRITE -> () -> {
                IngestJob.writeEvents(spark.read().parquet(events.toString())).partitionBy(EventSchema.DATE)
                        .parquet(output.toString());
                return spark.read().parquet(output.toString()).count();
            };
            case SPARK_AGGREGATE_FLOOR -> () -> {
                FeatureBenchmark.floor(EventSchema.read(spark, events.toString()));
                return spark.read().parquet(events.toString()).count();
            };
            case FEATURES -> () -> {
                FeatureBenchmark.features(EventSchema.read(spark, events.toString()), config.features());
                return spark.read().parquet(events.toString()).count();
            };
            case WINDOW_FLOOR -> () -> FeatureBenchmark.windowFloor(FeatureJob.readStates(spark, states.toString()),
                    BenchmarkData.statesEnd(states));
            case WINDOWS_FROM_DAYS -> () -> FeatureBenchmark.windowsFromDays(
                    FeatureJob.readStates(spark, states.toString()), BenchmarkData.statesEnd(states), config.features());
            case WINDOWS -> () -> FeatureBenchmark.windows(spark, states, BenchmarkData.statesEnd(states),
                    config.features(), output);
            case SCORE_FLOOR -> () -> {
                Dataset<Row> table = spark.read().parquet(accounts.toString());
                Column total = FeatureTable.numericFeatures(table.schema()).stream()
                        .map(name -> coalesce(col(name).cast("double"), lit(0.0))).reduce(Column::plus).orElse(lit(0.0));
                table.select(col(ScoreColumns.ACCOUNT_ID), total.as(ScoreColumns.RISK_SCORE)).write().parquet(output.toString());
                return spark.read().parquet(output.toString()).count();
            };
            case SCORE -> () -> {
                Dataset<Row> table = spark.read().parquet(accounts.toString());
                LocalDate date = LocalDate.parse(table.select(col(ScoreColumns.DATE).cast("string")).first().getString(0));
                return ScoreJob.run(spark, config.scoring(), new ScoreRequest(accounts.toString(), Optional.empty(), date,
                        output.toString()), options.scoring().rules(), features -> ModelResolver.resolve(
                        ModelResolver.BOOTSTRAP, options.scoring().bootstrapModel(), options.scoring().bootstrapModel(),
                        Optional.empty(), features, new ArrayList<>()), new ArrayList<>()).accounts();
            };
            default -> throw new IllegalArgumentException("Invalid stage: " + stage);
        };
        long rows = step.getAsLong();
        delete(output);
        return rows;
    }

    /**
     * Runs the log hygiene audit on {@code data} into {@code output} and returns the records it read; the caller
     * times it. The audit's fingerprints need a key: a random one is made, as the bench command does for ingest.
     */
    public static long auditRecords(SparkSession spark, DistillGuardConfig config, Redactor redactor, Path data, Path output) {
        return AuditJob.run(spark, config, redactor, HmacKey.ephemeral(new SecureRandom()),
                AuditRequest.allDates(List.of(data.toString()), output.toString())).records();
    }

    /** CPU time of the whole process (every Spark task thread, GC and JIT), or 0 when the JVM does not expose it. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0L, os.getProcessCpuTime());
        }
        return 0L;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long size(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path item : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean " + path + ": " + e.getMessage(), e);
        }
    }

    /** Machine facts printed beside every table. */
    static Map<String, String> machineFacts(String master) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("max heap", Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        facts.put("master", master);
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        facts.put("collector", java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName)
                .collect(java.util.stream.Collectors.joining(" + ")));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return facts;
    }
}
