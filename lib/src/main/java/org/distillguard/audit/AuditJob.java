package org.distillguard.audit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.ingest.InputSplit;
import org.distillguard.ingest.RawLine;
import org.distillguard.ingest.RawLogs;
import org.distillguard.ingest.TextRole;
import org.distillguard.publish.Directories;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.redact.SecretFingerprinter;
import org.distillguard.runtime.SparkSessions;

/**
 * Log hygiene audit: scans raw request logs (every format ingest reads) with the redactor's rules inside Spark tasks
 * and reports where secrets and personal data sit, per kind and per account, and which records to purge. Secrets are
 * counted by fingerprint ({@link SecretFingerprinter}): the same value in many records counts once per distinct
 * value. No raw text is written: the outputs hold rule ids, counts, fingerprints, a card's last four, and the
 * identifiers needed to act (account, request id, file and line), themselves redacted if they hold a secret.
 *
 * <p>Distinct values are aggregated in Spark by (account, rule, fingerprint); the driver receives only the per-rule
 * summary and streams the per-account and per-record tables into the output files one partition at a time.
 */
public final class AuditJob {

    public static final String HTML = "audit.html";
    public static final String CSV = "audit.csv";
    public static final String JSON = "audit.json";
    public static final String PURGE_CSV = "purge.csv";
    public static final String PURGE_JSON = "purge.json";
    /** Where values, in report order. */
    public static final List<String> WHERE = List.of(TextRole.SYSTEM.label(), TextRole.USER.label(), TextRole.TOOL.label(),
            TextRole.ASSISTANT_HISTORY.label(), TextRole.RESPONSE.label(), TextRole.OTHER.label(), AuditSchema.WHERE_UNPARSED);

    private AuditJob() {}

    public static AuditResult run(SparkSession spark, DistillGuardConfig config, Redactor redactor, HmacKey hmacKey,
            AuditRequest request) {
        long started = System.nanoTime();
        RawLogs.Plan plan = RawLogs.plan(spark, request.inputs(), config.ingest().splitBytes());
        int maxLineBytes = (int) Math.min(Integer.MAX_VALUE - 16, config.ingest().maxLineBytes());
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        AuditScanner.Settings settings = new AuditScanner.Settings(redactor, new SecretFingerprinter(hmacKey),
                config.ingest().pseudonymizeAccountId() ? new Pseudonymizer(hmacKey) : null,
                request.from().orElse(null), request.to().orElse(null));
        Broadcast<AuditScanner.Settings> shipped = context.broadcast(settings);
        Broadcast<SerializableConfiguration> hadoop = SparkSessions.hadoopForTasks(spark);

        JavaRDD<Row> rows = context.emptyRDD();
        List<InputSplit> splits = plan.splits();
        if (!splits.isEmpty()) {
            rows = context.parallelize(splits, splits.size()).mapPartitions(
                    (FlatMapFunction<Iterator<InputSplit>, Row>) it -> new AuditScanner(
                            RawLogs.lines(it.next(), maxLineBytes, hadoop.value().value()), shipped.value()));
        }
        if (!plan.parquetFiles().isEmpty()) {
            JavaRDD<Row> parquet = RawLogs.parquetLines(spark, plan.parquetFiles()).javaRDD().mapPartitions(
                    (FlatMapFunction<Iterator<Row>, Row>) it -> new AuditScanner(parquetLines(it, maxLineBytes),
                            shipped.value()));
            rows = rows.union(parquet);
        }
        Dataset<Row> scanned = spark.createDataFrame(rows, AuditSchema.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row totals = scanned.filter(col(AuditSchema.RULE_ID).isNull())
                    .agg(sum(AuditSchema.RECORDS), sum(AuditSchema.UNPARSED), sum(AuditSchema.PARTIAL),
                            sum(AuditSchema.OUT_OF_RANGE))
                    .first();
            long records = longOrZero(totals, 0);
            long outOfRange = longOrZero(totals, 3);
            Dataset<Row> findings = scanned.filter(col(AuditSchema.RULE_ID).isNotNull());
            AuditTables tables = tables(findings);
            Row overall = findings.agg(count(lit(1)), count_distinct(col(AuditSchema.ACCOUNT)),
                    count_distinct(col(AuditSchema.SOURCE_FILE), col(AuditSchema.SOURCE_LINE))).first();
            long distinctSecrets = tables.secrets().count();
            List<RuleSummary> summary = summaries(tables.rules(), records - outOfRange);
            AuditResult result = new AuditResult(plan.fileCount(), records, longOrZero(totals, 1), longOrZero(totals, 2),
                    outOfRange, overall.getLong(0), distinctSecrets, overall.getLong(1), overall.getLong(2), summary,
                    request.outputDirectory(), 0);
            AuditReport.write(spark.sparkContext().hadoopConfiguration(), request, result, tables);
            Directories.restrictToOwner(spark.sparkContext().hadoopConfiguration(), request.outputDirectory());
            return result.withElapsedMillis((System.nanoTime() - started) / 1_000_000);
        } finally {
            scanned.unpersist();
        }
    }

    /** The aggregated tables the reports are written from; none holds a raw value. */
    record AuditTables(Dataset<Row> rules, Dataset<Row> accounts, Dataset<Row> secrets, Dataset<Row> purge) {}

    static AuditTables tables(Dataset<Row> findings) {
        List<Column> aggregates = new ArrayList<>(List.of(
                count(lit(1)).as("occurrences"),
                count_distinct(col(AuditSchema.FINGERPRINT)).as("distinct_values"),
                count_distinct(col(AuditSchema.ACCOUNT)).as("accounts"),
                count_distinct(col(AuditSchema.SOURCE_FILE), col(AuditSchema.SOURCE_LINE)).as("records"),
                min(col(AuditSchema.TIMESTAMP)).as("first_seen"),
                max(col(AuditSchema.TIMESTAMP)).as("last_seen")));
        for (String where : WHERE) {
            aggregates.add(sum(when(col(AuditSchema.WHERE).equalTo(where), 1L).otherwise(0L)).as("in_" + where));
        }
        Dataset<Row> rules = findings.groupBy(col(AuditSchema.RULE_ID), col(AuditSchema.CATEGORY))
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));

        Dataset<Row> secrets = findings
                .groupBy(col(AuditSchema.ACCOUNT), col(AuditSchema.CATEGORY), col(AuditSchema.RULE_ID),
                        col(AuditSchema.FINGERPRINT))
                .agg(count(lit(1)).as("occurrences"),
                        count_distinct(col(AuditSchema.SOURCE_FILE), col(AuditSchema.SOURCE_LINE)).as("records"),
                        first(col(AuditSchema.LAST_FOUR), true).as(AuditSchema.LAST_FOUR),
                        min(col(AuditSchema.TIMESTAMP)).as("first_seen"),
                        max(col(AuditSchema.TIMESTAMP)).as("last_seen"),
                        concat_ws(";", sort_array(collect_set(col(AuditSchema.WHERE)))).as(AuditSchema.WHERE));

        Dataset<Row> accounts = findings
                .groupBy(col(AuditSchema.ACCOUNT), col(AuditSchema.CATEGORY))
                .agg(count(lit(1)).as("occurrences"),
                        count_distinct(col(AuditSchema.RULE_ID), col(AuditSchema.FINGERPRINT)).as("distinct_values"),
                        count_distinct(col(AuditSchema.SOURCE_FILE), col(AuditSchema.SOURCE_LINE)).as("records"),
                        concat_ws(";", sort_array(collect_set(col(AuditSchema.RULE_ID)))).as("rules"),
                        min(col(AuditSchema.TIMESTAMP)).as("first_seen"),
                        max(col(AuditSchema.TIMESTAMP)).as("last_seen"));

        Dataset<Row> purge = findings
                .groupBy(col(AuditSchema.SOURCE_FILE), col(AuditSchema.SOURCE_LINE))
                .agg(first(col(AuditSchema.REQUEST_ID), true).as(AuditSchema.REQUEST_ID),
                        first(col(AuditSchema.ACCOUNT), true).as(AuditSchema.ACCOUNT),
                        concat_ws(";", sort_array(collect_set(col(AuditSchema.RULE_ID)))).as("kinds"),
                        concat_ws(";", sort_array(collect_set(col(AuditSchema.CATEGORY)))).as("categories"),
                        count(lit(1)).as("occurrences"));
        return new AuditTables(rules, accounts, secrets, purge);
    }

    private static List<RuleSummary> summaries(Dataset<Row> rules, long scannedRecords) {
        List<RuleSummary> summaries = new ArrayList<>();
        // One row per rule: bounded by the size of the rule set.
        for (Row row : rules.orderBy(col(AuditSchema.CATEGORY).desc(), col("occurrences").desc(), col(AuditSchema.RULE_ID))
                .collectAsList()) {
            Map<String, Long> where = new LinkedHashMap<>();
            for (String place : WHERE) {
                long count = row.getLong(row.fieldIndex("in_" + place));
                if (count > 0) {
                    where.put(place, count);
                }
            }
            long records = row.getLong(row.fieldIndex("records"));
            summaries.add(new RuleSummary(row.getString(0), row.getString(1), row.getLong(row.fieldIndex("occurrences")),
                    row.getLong(row.fieldIndex("distinct_values")), row.getLong(row.fieldIndex("accounts")), records,
                    scannedRecords == 0 ? 0.0 : (double) records / scannedRecords,
                    instant(row, "first_seen"), instant(row, "last_seen"), where));
        }
        return summaries;
    }

    private static java.time.Instant instant(Row row, String field) {
        java.sql.Timestamp timestamp = row.getTimestamp(row.fieldIndex(field));
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static long longOrZero(Row row, int index) {
        return row == null || row.isNullAt(index) ? 0L : row.getLong(index);
    }

    private static Iterator<RawLine> parquetLines(Iterator<Row> rows, int maxLineBytes) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public RawLine next() {
                Row row = rows.next();
                byte[] json = row.getString(0).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return new RawLine(row.getString(1), row.getLong(2), json,
                        json.length > maxLineBytes ? org.distillguard.ingest.QuarantineReason.TOO_LARGE : null);
            }
        };
    }
}
