package org.distillguard.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.sketch.BloomFilter;
import org.distillguard.config.ConfigLoader;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.IngestConfig;
import org.distillguard.publish.Directories;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.runtime.SparkSessions;
import org.distillguard.runtime.Versions;

/**
 * Ingest: reads request logs (JSONL, gzip JSONL, LiteLLM CSV, Parquet), validates every record against the input
 * contract, redacts and pseudonymizes, merges duplicate request ids, and publishes canonical events as Parquet
 * partitioned by date. Every record read is published, merged, out of the requested date, or quarantined with a
 * reason; the counts are in {@code manifest.json}.
 *
 * <p>Lines are parsed with Jackson's streaming parser inside the tasks, not with Spark's JSON reader, which infers a
 * schema in an extra pass and is several times slower on wide log lines.
 */
public final class IngestJob {

    public static final String EVENTS_DIR = "events";
    public static final String QUARANTINE_DIR = "quarantine";
    public static final String MANIFEST = "manifest.json";
    /** Partition column of the staged events: whether the request id may repeat. */
    private static final String DUPLICATE = "duplicate";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private IngestJob() {}

    public static IngestResult run(SparkSession spark, DistillGuardConfig config, Redactor redactor,
            Pseudonymizer pseudonymizer, IngestRequest request) {
        long started = System.nanoTime();
        IngestConfig ingest = config.ingest();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<PlannedFile> files = listInputs(hadoop, request.inputs());
        // Qualified on the driver (file:/abs/path, hdfs://…): the tasks write the quarantine and the split counts under
        // it, and on a cluster an executor's working directory is not the driver's, so a relative path would scatter
        // them where the manifest never counts them.
        String output = Directories.qualified(hadoop, request.outputDirectory());
        String staging = new Path(new Path(output, "_staging"), request.label() + "-" + UUID.randomUUID()).toString();
        List<InputSplit> splits = plan(spark, files, ingest.splitBytes());
        List<String> parquetFiles = files.stream().filter(file -> file.format == InputFormat.PARQUET)
                .map(file -> file.path).toList();

        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Redactor> redactorBroadcast = context.broadcast(redactor);
        Broadcast<Pseudonymizer> pseudonymizerBroadcast = context.broadcast(pseudonymizer);
        String targetDate = request.date().map(Object::toString).orElse(null);
        int maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 16, ingest.maxLineBytes());

        EventSource source = new EventSource(ingest, redactorBroadcast, pseudonymizerBroadcast,
                SparkSessions.hadoopForTasks(spark), targetDate, staging, maxLineBytes, splits, parquetFiles);
        String stagedEvents = new Path(staging, EVENTS_DIR).toString();
        boolean jsonLinesOnly = parquetFiles.isEmpty() && !splits.isEmpty()
                && splits.stream().allMatch(split -> split.format() == InputFormat.JSONL || split.format() == InputFormat.JSONL_GZIP);
        if (jsonLinesOnly) {
            writeWithoutWholeRowShuffle(spark, context, source, splits, maxLineBytes, staging, stagedEvents);
        } else {
            writeEvents(mergeDuplicates(source.events(spark, context, null))).mode(SaveMode.Overwrite)
                    .partitionBy(EventSchema.DATE).parquet(stagedEvents);
        }

        Totals totals = readStatistics(hadoop, new Path(staging, RecordProcessor.STATISTICS_DIR));
        Map<String, Long> eventsByDate = countByDate(spark, hadoop, stagedEvents);
        long published = eventsByDate.values().stream().mapToLong(Long::longValue).sum();
        long quarantinedTotal = totals.quarantined.values().stream().mapToLong(Long::longValue).sum();
        double rate = totals.records == 0 ? 0.0 : (double) quarantinedTotal / totals.records;
        boolean failed = rate > ingest.maxQuarantineRate();
        IngestResult result = new IngestResult(
                failed ? "failed" : "published",
                request.label(),
                files.stream().map(file -> new IngestResult.InputFileSummary(file.path, file.format.name().toLowerCase(java.util.Locale.ROOT), file.length)).toList(),
                totals.records,
                published,
                totals.events - published,
                totals.outOfRange,
                totals.blankLines,
                quarantinedTotal,
                totals.quarantined,
                eventsByDate,
                rate,
                (System.nanoTime() - started) / 1_000_000,
                Versions.all(),
                ConfigLoader.hash(config));

        // The quarantine is published either way: it is what an operator needs to fix a failed run.
        Path stagedQuarantine = new Path(staging, RecordProcessor.QUARANTINE_DIR);
        Path publishedQuarantine = new Path(new Path(output, QUARANTINE_DIR), "date=" + request.label());
        if (exists(hadoop, stagedQuarantine)) {
            Directories.replace(hadoop, stagedQuarantine, publishedQuarantine);
        } else {
            Directories.delete(hadoop, publishedQuarantine);
        }
        if (!failed) {
            for (String date : eventsByDate.keySet()) {
                Directories.replace(hadoop, new Path(stagedEvents, EventSchema.DATE + "=" + date),
                        new Path(new Path(output, EVENTS_DIR), EventSchema.DATE + "=" + date));
            }
        }
        writeManifest(hadoop, new Path(output, MANIFEST), result);
        Directories.delete(hadoop, new Path(staging));
        Directories.delete(hadoop, new Path(output, "_staging"));
        Directories.restrictToOwner(hadoop, request.outputDirectory());
        if (failed) {
            throw new QuarantineRateExceededException(result, ingest.maxQuarantineRate());
        }
        return result;
    }

    /**
     * Gateway retries log one call twice: keeps one event per request id, preferring a successful response, then the
     * earliest, then the first in the input, so a re-run picks the same one. A shuffle and sort of whole rows.
     */
    static Dataset<Row> mergeDuplicates(Dataset<Row> events) {
        return events
                .withColumn("_rank", row_number().over(Window.partitionBy(col(EventSchema.REQUEST_ID)).orderBy(
                        when(col(EventSchema.STATUS).lt(400), 0).otherwise(1),
                        col(EventSchema.TIMESTAMP), col(EventSchema.SOURCE_FILE), col(EventSchema.SOURCE_LINE))))
                .filter(col("_rank").equalTo(1))
                .drop("_rank");
    }

    /**
     * Writes the events of JSON Lines inputs with the duplicate merge confined to the few rows that need it. A first
     * pass reads only each line's request id ({@link RequestIdScanner}) and finds the ids that occur more than once; a
     * Bloom filter of those (a few bytes per id, never the ids themselves) goes to the tasks. The one pass that parses,
     * redacts and writes then puts each event under {@code duplicate=false} or {@code duplicate=true} (a false positive
     * only sends a unique event the long way). The {@code false} files are already final and are moved into place;
     * only the {@code true} rows go through {@link #mergeDuplicates}. Without any duplicate id the events are written
     * directly.
     */
    private static void writeWithoutWholeRowShuffle(SparkSession spark, JavaSparkContext context, EventSource source,
            List<InputSplit> splits, int maxLineBytes, String staging, String stagedEvents) {
        Broadcast<SerializableConfiguration> hadoop = source.hadoop();
        Dataset<Row> ids = SparkSessions.fromInternalRows(spark,
                context.parallelize(splits, splits.size()).mapPartitions(
                        (FlatMapFunction<Iterator<InputSplit>, InternalRow>) it -> new SplitIterator(it.next(), new RequestIdScanner(),
                                maxLineBytes, hadoop.value().value())),
                DataTypes.createStructType(List.of(DataTypes.createStructField(EventSchema.REQUEST_ID, DataTypes.StringType, false))));
        Dataset<Row> repeated = ids.groupBy(col(EventSchema.REQUEST_ID)).count().where(col("count").gt(1))
                .select(EventSchema.REQUEST_ID).localCheckpoint(true);
        long repeatedIds = repeated.count();
        if (repeatedIds == 0) {
            writeEvents(source.events(spark, context, null)).mode(SaveMode.Overwrite).partitionBy(EventSchema.DATE)
                    .parquet(stagedEvents);
            return;
        }
        Broadcast<BloomFilter> filter = context.broadcast(repeated.stat().bloomFilter(EventSchema.REQUEST_ID,
                Math.max(1_000, repeatedIds), 0.01));
        String byDuplicate = new Path(staging, "events-by-duplicate").toString();
        writeEvents(source.events(spark, context, filter))
                .mode(SaveMode.Overwrite).partitionBy(EventSchema.DATE, DUPLICATE).parquet(byDuplicate);
        try {
            FileSystem fileSystem = new Path(byDuplicate).getFileSystem(spark.sparkContext().hadoopConfiguration());
            for (FileStatus date : fileSystem.listStatus(new Path(byDuplicate))) {
                Path unique = new Path(date.getPath(), DUPLICATE + "=false");
                if (date.isDirectory() && fileSystem.exists(unique)) {
                    moveFiles(fileSystem, unique, new Path(stagedEvents, date.getPath().getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move staged events from " + byDuplicate + ": " + e.getMessage(), e);
        }
        Dataset<Row> candidates = spark.read().schema(EventSchema.SCHEMA.add(DUPLICATE, DataTypes.BooleanType))
                .parquet(byDuplicate).where(col(DUPLICATE)).drop(DUPLICATE);
        writeEvents(mergeDuplicates(candidates)).mode(SaveMode.Append).partitionBy(EventSchema.DATE).parquet(stagedEvents);
    }

    /**
     * The writer of event files, without Parquet's dictionary encoding. Most columns of an event are unique or nearly
     * so (request ids, text, pseudonyms over many accounts), and the dictionary writer hashes and compares every value
     * before it gives up on a column: turning it off took 8% off ingest's CPU time on the 1M-line benchmark for files
     * 3% larger (zstd still compresses the repeats), and the feature pass read them no slower. Public for the
     * benchmark, which times this writer apart.
     */
    public static DataFrameWriter<Row> writeEvents(Dataset<Row> events) {
        return events.write().option("parquet.enable.dictionary", "false");
    }

    /** Moves the files of one folder into another (created if missing), then deletes the emptied folder. */
    private static void moveFiles(FileSystem fileSystem, Path from, Path to) throws IOException {
        fileSystem.mkdirs(to);
        for (FileStatus file : fileSystem.listStatus(from)) {
            if (file.isFile() && !fileSystem.rename(file.getPath(), new Path(to, file.getPath().getName()))) {
                throw new IOException("rename of " + file.getPath() + " to " + to + " failed");
            }
        }
        fileSystem.delete(from, true);
    }

    /** Where the events come from: the splits of the text inputs and the Parquet inputs, read inside the tasks. */
    private record EventSource(IngestConfig ingest, Broadcast<Redactor> redactor, Broadcast<Pseudonymizer> pseudonymizer,
            Broadcast<SerializableConfiguration> hadoop, String targetDate, String staging, int maxLineBytes, List<InputSplit> splits, List<String> parquetFiles) {

        /**
         * The events as rows of {@link EventSchema#SCHEMA}, handed to Spark in its internal form; with
         * {@code repeated} set, a last column {@code duplicate} tells whether the request id may occur more than once.
         */
        Dataset<Row> events(SparkSession spark, JavaSparkContext context, Broadcast<BloomFilter> repeated) {
            IngestConfig ingest = this.ingest;
            Broadcast<Redactor> redactor = this.redactor;
            Broadcast<Pseudonymizer> pseudonymizer = this.pseudonymizer;
            Broadcast<SerializableConfiguration> hadoop = this.hadoop;
            String targetDate = this.targetDate;
            String staging = this.staging;
            int maxLineBytes = this.maxLineBytes;
            JavaRDD<InternalRow> rows = context.emptyRDD();
            if (!splits.isEmpty()) {
                rows = context.parallelize(splits, splits.size()).mapPartitions((FlatMapFunction<Iterator<InputSplit>, InternalRow>) it -> {
                    InputSplit split = it.next();
                    RecordProcessor processor = new RecordProcessor(ingest, redactor.value(), pseudonymizer.value(),
                            targetDate, staging, split.index(), split.path(), repeated == null ? null : repeated.value(),
                            hadoop.value().value());
                    return new SplitIterator(split, processor, maxLineBytes, hadoop.value().value());
                });
            }
            if (!parquetFiles.isEmpty()) {
                int firstIndex = splits.size();
                JavaRDD<InternalRow> parquetRows = spark.read().parquet(parquetFiles.toArray(String[]::new))
                        .select(to_json(struct(col("*"))).as("json"), col("_metadata.file_path").as("file"),
                                col("_metadata.row_index").as("row"))
                        .javaRDD()
                        .mapPartitionsWithIndex((index, it) -> new ParquetRowIterator(it, new RecordProcessor(ingest,
                                redactor.value(), pseudonymizer.value(), targetDate, staging, firstIndex + index,
                                "parquet", repeated == null ? null : repeated.value(), hadoop.value().value()), maxLineBytes),
                                false);
                rows = rows.union(parquetRows);
            }
            StructType schema = repeated == null ? EventSchema.SCHEMA
                    : EventSchema.SCHEMA.add(DUPLICATE, DataTypes.BooleanType, false);
            return SparkSessions.fromInternalRows(spark, rows, schema);
        }
    }

    /** Thrown when too many records were quarantined; the events were not published. */
    public static final class QuarantineRateExceededException extends RuntimeException {
        private final transient IngestResult result;

        QuarantineRateExceededException(IngestResult result, double limit) {
            super(String.format(java.util.Locale.ROOT,
                    "Cannot publish ingest %s: %.2f%% of %d records were quarantined (limit %.2f%%). Top reasons: %s. "
                            + "Inspect the quarantine folder, fix the producer, or raise ingest.max-quarantine-rate.",
                    result.label(), 100 * result.quarantineRate(), result.records(), 100 * limit, topReasons(result)));
            this.result = result;
        }

        public IngestResult result() {
            return result;
        }

        private static String topReasons(IngestResult result) {
            return result.quarantined().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(3)
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    record PlannedFile(String path, InputFormat format, long length) {}

    static List<PlannedFile> listInputs(Configuration hadoop, List<String> inputs) {
        List<PlannedFile> files = new ArrayList<>();
        for (String input : inputs) {
            try {
                Path path = new Path(input);
                FileSystem fileSystem = path.getFileSystem(hadoop);
                if (!fileSystem.exists(path)) {
                    throw new IllegalArgumentException("Cannot read input " + input + ": it does not exist");
                }
                FileStatus status = fileSystem.getFileStatus(path);
                if (status.isFile()) {
                    InputFormat format = InputFormat.of(path.getName());
                    files.add(new PlannedFile(status.getPath().toString(), format == null ? InputFormat.JSONL : format, status.getLen()));
                    continue;
                }
                RemoteIterator<LocatedFileStatus> listing = fileSystem.listFiles(path, true);
                while (listing.hasNext()) {
                    LocatedFileStatus file = listing.next();
                    String name = file.getPath().getName();
                    InputFormat format = InputFormat.of(name);
                    if (format != null && !name.startsWith("_") && !name.startsWith(".") && !hiddenParent(path, file.getPath())) {
                        if (format == InputFormat.LITELLM_CSV && !isSpendLogCsv(fileSystem, file.getPath())) {
                            // Other CSV files in a log folder (ground truth, exports) are not logs.
                            continue;
                        }
                        files.add(new PlannedFile(file.getPath().toString(), format, file.getLen()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list input " + input + ": " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Cannot ingest: no log files found in " + inputs
                    + " (expected .jsonl, .jsonl.gz, .csv or .parquet files)");
        }
        files.sort(Comparator.comparing(PlannedFile::path));
        return files;
    }

    /** A CSV file is a LiteLLM spend-log export when its header names the columns a spend log always has. */
    private static boolean isSpendLogCsv(FileSystem fileSystem, Path path) throws IOException {
        try (InputStream raw = fileSystem.open(path);
                InputStream in = path.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")
                        ? new java.util.zip.GZIPInputStream(raw) : raw) {
            byte[] head = in.readNBytes(4096);
            String header = new String(head, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            return header.contains("request_id") && header.contains("startTime");
        } catch (IOException e) {
            return true; // unreadable: let the reader quarantine it with a reason
        }
    }

    private static boolean hiddenParent(Path root, Path file) {
        for (Path parent = file.getParent(); parent != null && !parent.toUri().getPath().equals(root.toUri().getPath()); parent = parent.getParent()) {
            String name = parent.getName();
            if (name.startsWith("_") || name.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One split per file, except large uncompressed JSONL files, which are cut into byte ranges. The line number
     * each range starts at is counted in a cheap first pass over those files only, so quarantine entries name the
     * exact line.
     */
    static List<InputSplit> plan(SparkSession spark, List<PlannedFile> files, long splitBytes) {
        List<long[]> ranges = new ArrayList<>();
        List<PlannedFile> owners = new ArrayList<>();
        for (PlannedFile file : files) {
            if (file.format == InputFormat.PARQUET) {
                continue;
            }
            if (file.format == InputFormat.JSONL && file.length > splitBytes) {
                for (long start = 0; start < file.length; start += splitBytes) {
                    ranges.add(new long[] {start, Math.min(file.length, start + splitBytes)});
                    owners.add(file);
                }
            } else {
                ranges.add(new long[] {0, Long.MAX_VALUE});
                owners.add(file);
            }
        }
        List<Long> newlines = countNewlines(spark, owners, ranges);
        List<InputSplit> splits = new ArrayList<>();
        long before = 0;
        for (int i = 0; i < ranges.size(); i++) {
            long[] range = ranges.get(i);
            if (range[0] == 0) {
                before = 0;
            }
            splits.add(new InputSplit(i, owners.get(i).path, owners.get(i).format, range[0], range[1], before + 1));
            before += newlines.get(i);
        }
        return splits;
    }

    private static List<Long> countNewlines(SparkSession spark, List<PlannedFile> owners, List<long[]> ranges) {
        List<Integer> rangedIndexes = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i)[1] != Long.MAX_VALUE) {
                rangedIndexes.add(i);
            }
        }
        List<Long> counts = new ArrayList<>(java.util.Collections.nCopies(ranges.size(), 0L));
        if (rangedIndexes.isEmpty()) {
            return counts;
        }
        List<String[]> work = rangedIndexes.stream()
                .map(i -> new String[] {owners.get(i).path, Long.toString(ranges.get(i)[0]), Long.toString(ranges.get(i)[1])})
                .toList();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> hadoop = SparkSessions.hadoopForTasks(spark);
        List<Long> counted = context.parallelize(work, work.size()).map(item -> {
            Path path = new Path(item[0]);
            long start = Long.parseLong(item[1]);
            long end = Long.parseLong(item[2]);
            long count = 0;
            byte[] buffer = new byte[1 << 16];
            try (var in = path.getFileSystem(hadoop.value().value()).open(path)) {
                in.seek(start);
                long remaining = end - start;
                while (remaining > 0) {
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                    if (read < 0) {
                        break;
                    }
                    count += Newlines.count(buffer, 0, read);
                    remaining -= read;
                }
            }
            return count;
        }).collect();
        for (int i = 0; i < rangedIndexes.size(); i++) {
            counts.set(rangedIndexes.get(i), counted.get(i));
        }
        return counts;
    }

    private static final class Totals {
        long records;
        long events;
        long outOfRange;
        long blankLines;
        final Map<String, Long> quarantined = new TreeMap<>();
    }

    private static Totals readStatistics(Configuration hadoop, Path directory) {
        Totals totals = new Totals();
        try {
            FileSystem fileSystem = directory.getFileSystem(hadoop);
            if (!fileSystem.exists(directory)) {
                return totals;
            }
            for (FileStatus status : fileSystem.listStatus(directory)) {
                try (InputStream in = fileSystem.open(status.getPath())) {
                    JsonNode node = JSON.readTree(in);
                    totals.records += node.path("records").asLong();
                    totals.events += node.path("events").asLong();
                    totals.outOfRange += node.path("out_of_range").asLong();
                    totals.blankLines += node.path("blank_lines").asLong();
                    node.path("quarantined").fields().forEachRemaining(
                            entry -> totals.quarantined.merge(entry.getKey(), entry.getValue().asLong(), Long::sum));
                }
            }
            return totals;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read split statistics in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Long> countByDate(SparkSession spark, Configuration hadoop, String events) {
        Map<String, Long> counts = new TreeMap<>();
        if (!exists(hadoop, new Path(events))) {
            return counts;
        }
        try {
            FileSystem fileSystem = new Path(events).getFileSystem(hadoop);
            boolean any = false;
            for (FileStatus status : fileSystem.listStatus(new Path(events))) {
                any |= status.isDirectory() && status.getPath().getName().startsWith(EventSchema.DATE + "=");
            }
            if (!any) {
                return counts;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + events + ": " + e.getMessage(), e);
        }
        for (Row row : spark.read().parquet(events).groupBy(EventSchema.DATE).count().collectAsList()) {
            counts.put(row.get(0).toString(), row.getLong(1));
        }
        return counts;
    }

    private static boolean exists(Configuration hadoop, Path path) {
        try {
            return path.getFileSystem(hadoop).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot check " + path + ": " + e.getMessage(), e);
        }
    }

    static void writeManifest(Configuration hadoop, Path path, Object manifest) {
        try {
            FileSystem fileSystem = path.getFileSystem(hadoop);
            try (OutputStream out = fileSystem.create(path, true)) {
                out.write(JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write manifest " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads back a published manifest. */
    public static IngestResult readManifest(Configuration hadoop, String outputDirectory) {
        Path path = new Path(outputDirectory, MANIFEST);
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            return JSON.readValue(in, IngestResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read manifest " + path + ": " + e.getMessage(), e);
        }
    }
}
