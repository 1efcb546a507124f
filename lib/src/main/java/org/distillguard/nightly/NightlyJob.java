package org.distillguard.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.ConfigLoader;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.NightlyConfig;
import org.distillguard.coordination.CoordinationJob;
import org.distillguard.features.FeatureCatalog;
import org.distillguard.features.FeatureJob;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.ingest.IngestResult;
import org.distillguard.publish.CsvExport;
import org.distillguard.publish.Directories;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.review.ReviewJob;
import org.distillguard.review.ReviewJob.ReviewResult;
import org.distillguard.runtime.Versions;
import org.distillguard.scoring.LocalModelStore;
import org.distillguard.scoring.ModelResolver;
import org.distillguard.scoring.ScoreJob;
import org.distillguard.scoring.ScoreRequest;
import org.distillguard.scoring.ScoreResult;

/**
 * The nightly job: for each date, in order, ingest → features → coordination → scores → review into a staging folder
 * of the run, then
 * data-quality gates, then one atomic publication of the whole date (write, audit, publish). Re-running a date
 * replaces that date only; a run killed at any point leaves the previous publication in place.
 */
public final class NightlyJob {

    public static final String INGEST = "ingest";
    public static final String FEATURES = "features";
    public static final String SCORES = "scores";
    public static final String CLUSTERS = "clusters";
    public static final String REVIEW = "review";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private NightlyJob() {}

    public static List<NightlyManifest> run(SparkSession spark, DistillGuardConfig config, Redactor redactor,
            Pseudonymizer pseudonymizer, NightlyRequest request, ScoringSetup scoring, Progress progress) {
        Warehouse warehouse = new Warehouse(request.warehouse(), spark.sparkContext().hadoopConfiguration());
        warehouse.recover();
        List<NightlyManifest> manifests = new ArrayList<>();
        for (LocalDate date : request.dates()) {
            manifests.add(runDate(spark, config, redactor, pseudonymizer, request, scoring, warehouse, date, progress));
        }
        Directories.delete(warehouse.hadoop(), new Path(warehouse.root(), Warehouse.STAGING));
        // Retention counts back from the newest date processed: a backfill longer than an area's days deletes that
        // area of its own early dates (each date was complete, and used, before this).
        org.distillguard.audit.Retention.Plan expired = org.distillguard.audit.Retention.plan(warehouse.hadoop(),
                warehouse.root().toString(), request.dates().get(request.dates().size() - 1), config.retention());
        if (!expired.expired().isEmpty()) {
            int deleted = org.distillguard.audit.Retention.apply(warehouse.hadoop(), expired);
            progress.note("retention: deleted " + deleted + " folder(s) past their retention");
        }
        return manifests;
    }

    private static NightlyManifest runDate(SparkSession spark, DistillGuardConfig config, Redactor redactor,
            Pseudonymizer pseudonymizer, NightlyRequest request, ScoringSetup scoring, Warehouse warehouse, LocalDate date,
            Progress progress) {
        String runId = date + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path staging = warehouse.staging(runId, date);
        progress.note("nightly " + date + ": run " + runId);
        Map<String, Long> millis = new LinkedHashMap<>();
        Map<String, Long> outputs = new TreeMap<>();
        List<GateResult> gates = new ArrayList<>();

        long started = System.nanoTime();
        IngestResult ingest;
        Path ingestOut = new Path(staging, INGEST);
        try {
            ingest = IngestJob.run(spark, config, redactor, pseudonymizer,
                    new IngestRequest(request.inputs(), ingestOut.toString(), Optional.of(date)));
            gates.add(new GateResult("quarantine-rate", true, percent(ingest.quarantineRate()),
                    "≤ " + percent(config.ingest().maxQuarantineRate()), ""));
        } catch (IngestJob.QuarantineRateExceededException e) {
            ingest = e.result();
            gates.add(new GateResult("quarantine-rate", false, percent(ingest.quarantineRate()),
                    "≤ " + percent(config.ingest().maxQuarantineRate()),
                    "Top reasons are in the quarantine folder; fix the producer or raise ingest.max-quarantine-rate"));
        }
        millis.put(INGEST, elapsed(started));
        outputs.put("events", ingest.events());
        progress.stage(date.toString(), INGEST, ingest.events(), millis.get(INGEST));
        gates.add(rowCountGate(warehouse, date, ingest.events(), config.nightly()));

        if (gates.stream().allMatch(GateResult::passed)) {
            started = System.nanoTime();
            Path featuresOut = new Path(staging, FEATURES);
            String eventsDir = new Path(ingestOut, IngestJob.EVENTS_DIR).toString();
            List<String> earlierStates = new ArrayList<>();
            for (LocalDate day : warehouse.publishedDates()) {
                if (day.isBefore(date) && !day.isBefore(date.minusDays(27))) {
                    earlierStates.add(new Path(new Path(warehouse.published(day), FEATURES), FeatureJob.STATE_DIR).toString());
                }
            }
            FeatureJob.Result features = FeatureJob.run(spark, config, eventsDir, date, featuresOut.toString(), earlierStates);
            outputs.put("account_features", features.accountDays());
            outputs.put("account_features_7d", features.accounts7d());
            outputs.put("account_features_28d", features.accounts28d());
            // Of the three weeks before the date's own, those the 28-day window took from stored 7-day states (the
            // rest it merged from their daily states: history shorter than a month, a re-run day, a new build).
            outputs.put("account_features_28d_stored_weeks", (long) features.storedWeeks());
            millis.put(FEATURES, elapsed(started));
            progress.stage(date.toString(), FEATURES, features.accountDays(), millis.get(FEATURES));
            Dataset<Row> written = spark.read().parquet(new Path(featuresOut, FeatureJob.FEATURES_DIR).toString());
            gates.add(nullRateGate(written, List.of(FeatureCatalog.REQUESTS, FeatureCatalog.INPUT_TOKENS,
                    FeatureCatalog.OUTPUT_TOKENS), config.nightly()));
        }

        Path clustersOut = new Path(staging, CLUSTERS);
        if (gates.stream().allMatch(GateResult::passed)) {
            started = System.nanoTime();
            CoordinationJob.Result clusters = CoordinationJob.run(spark, config,
                    new Path(ingestOut, IngestJob.EVENTS_DIR).toString(), new Path(staging, FEATURES).toString(), date,
                    clustersOut.toString());
            outputs.put("clusters", clusters.clusters());
            outputs.put("flagged_clusters", clusters.flaggedClusters());
            outputs.put("cluster_members", clusters.members());
            outputs.put("cluster_splits", (long) clusters.splits());
            outputs.put("oversized_clusters_kept", clusters.oversizedKept());
            millis.put(CLUSTERS, elapsed(started));
            progress.stage(date.toString(), CLUSTERS, clusters.clusters(), millis.get(CLUSTERS));
            if (clusters.splits() > 0) {
                progress.note(String.format(Locale.ROOT, "  components over %,d accounts split %d time(s), edge threshold"
                        + " raised to %.2f; %,d kept whole", config.coordination().maxClusterAccounts(), clusters.splits(),
                        clusters.highestThreshold(), clusters.oversizedKept()));
            }
        }

        String modelId = "";
        if (gates.stream().allMatch(GateResult::passed)) {
            started = System.nanoTime();
            Path scoresOut = new Path(staging, SCORES);
            List<String> warnings = new ArrayList<>();
            ScoreResult scored;
            try (LocalModelStore store = LocalModelStore.open(warehouse.hadoop(), warehouse.models())) {
                scored = ScoreJob.run(spark, config.scoring(),
                        new ScoreRequest(new Path(new Path(staging, FEATURES), FeatureJob.FEATURES_DIR).toString(),
                                Optional.of(new Path(clustersOut, CoordinationJob.CLUSTERS_DIR).toString()), date,
                                scoresOut.toString()),
                        scoring.rules(), tableFeatures -> store.resolve(ModelResolver.LATEST, scoring.bootstrapModel(),
                                scoring.operatorKey(), tableFeatures, warnings), warnings);
            }
            modelId = scored.model();
            outputs.put("scored", scored.accounts());
            outputs.put("review", scored.tiers().getOrDefault("review", 0L));
            outputs.put("watch", scored.tiers().getOrDefault("watch", 0L));
            outputs.put("flagged", scored.tiers().getOrDefault("review", 0L) + scored.tiers().getOrDefault("watch", 0L));
            millis.put(SCORES, elapsed(started));
            progress.stage(date.toString(), SCORES, scored.accounts(), millis.get(SCORES));
            for (String warning : scored.warnings()) {
                progress.note("  warning: " + warning);
            }
            gates.add(scoreDriftGate(spark, warehouse, date, new Path(new Path(scoresOut, ScoreJob.SCORES_DIR),
                    "date=" + date).toString(), config.nightly()));
        }

        if (gates.stream().allMatch(GateResult::passed)) {
            // The analysts' queue and report, built from this night's staged outputs and the published history.
            started = System.nanoTime();
            writeJson(warehouse, new Path(staging, Warehouse.MANIFEST), manifest(runId, date, "staged", ingest, outputs,
                    gates, millis, config, modelId));
            ReviewResult review = ReviewJob.run(spark, warehouse.withStaged(date, staging), date, config.review());
            outputs.put("queued", (long) review.queued());
            millis.put(REVIEW, elapsed(started));
            progress.stage(date.toString(), REVIEW, review.queued(), millis.get(REVIEW));
        }

        NightlyManifest manifest = new NightlyManifest(runId, date.toString(),
                gates.stream().allMatch(GateResult::passed) ? "published" : "failed",
                ingest.inputs(), ingest.records(), ingest.events(), ingest.duplicates(), ingest.outOfRange(),
                ingest.quarantinedTotal(), ingest.quarantined(), outputs, gates, millis, Versions.all(),
                ConfigLoader.hash(config), modelId, "");
        writeJson(warehouse, new Path(staging, Warehouse.MANIFEST), manifest);
        List<GateResult> failed = gates.stream().filter(gate -> !gate.passed()).toList();
        if (!failed.isEmpty()) {
            Path kept = warehouse.failed(runId, date);
            Directories.replace(warehouse.hadoop(), staging, kept);
            Directories.restrictToOwner(warehouse.hadoop(), warehouse.root().toString());
            throw new NightlyGateException(date.toString(), failed, kept.toString());
        }
        touch(warehouse, new Path(staging, Warehouse.SUCCESS));
        Directories.replace(warehouse.hadoop(), staging, warehouse.published(date));
        Directories.delete(warehouse.hadoop(), staging.getParent());
        Directories.restrictToOwner(warehouse.hadoop(), warehouse.root().toString());
        progress.note("nightly " + date + ": published " + warehouse.published(date));
        return manifest;
    }

    /**
     * The day's events against the median of the published days of the window before it, and of the date itself
     * when it is being re-run (a re-run with truncated input must not replace a good publication). No baseline yet:
     * passes.
     */
    static GateResult rowCountGate(Warehouse warehouse, LocalDate date, long events, NightlyConfig config) {
        List<Long> previous = new ArrayList<>();
        for (LocalDate day : warehouse.publishedDates()) {
            if (!day.isAfter(date) && !day.isBefore(date.minusDays(config.baselineDays()))) {
                readManifest(warehouse, day).ifPresent(manifest -> previous.add(manifest.events()));
            }
        }
        if (previous.isEmpty()) {
            return new GateResult("row-count", true, String.format(Locale.ROOT, "%,d events, no previous day to compare", events),
                    "none yet", "");
        }
        previous.sort(Long::compare);
        double median = previous.size() % 2 == 1 ? previous.get(previous.size() / 2)
                : (previous.get(previous.size() / 2 - 1) + previous.get(previous.size() / 2)) / 2.0;
        double ratio = median == 0 ? (events == 0 ? 1 : Double.POSITIVE_INFINITY) : events / median;
        boolean passed = ratio >= config.minRowsRatio() && ratio <= config.maxRowsRatio();
        return new GateResult("row-count", passed,
                String.format(Locale.ROOT, "%,d events = %.2f× the median of %d published day(s) up to this date (%,.0f)", events, ratio,
                        previous.size(), median),
                String.format(Locale.ROOT, "%.2f× to %.2f×", config.minRowsRatio(), config.maxRowsRatio()),
                "A sudden drop usually means missing input files; a surge, duplicated input. Check --input, or adjust "
                        + "nightly.min-rows-ratio / nightly.max-rows-ratio");
    }

    private static NightlyManifest manifest(String runId, LocalDate date, String status, IngestResult ingest,
            Map<String, Long> outputs, List<GateResult> gates, Map<String, Long> millis, DistillGuardConfig config, String modelId) {
        return new NightlyManifest(runId, date.toString(), status, ingest.inputs(), ingest.records(), ingest.events(),
                ingest.duplicates(), ingest.outOfRange(), ingest.quarantinedTotal(), ingest.quarantined(), outputs, gates,
                millis, Versions.all(), ConfigLoader.hash(config), modelId, "");
    }

    /**
     * Population stability index of the day's risk-score distribution (ten bins on [0, 1]) against the latest
     * published day before it: a model or a producer that changed overnight shows here first.
     */
    static GateResult scoreDriftGate(SparkSession spark, Warehouse warehouse, LocalDate date, String scores, NightlyConfig config) {
        Optional<LocalDate> previous = warehouse.publishedDates().stream().filter(day -> day.isBefore(date))
                .reduce((first, second) -> second);
        if (previous.isEmpty()) {
            return new GateResult("score-drift", true, "no previous day to compare", "none yet", "");
        }
        Path previousScores = new Path(new Path(new Path(warehouse.published(previous.get()), SCORES), ScoreJob.SCORES_DIR),
                "date=" + previous.get());
        if (!warehouse.exists(previousScores)) {
            return new GateResult("score-drift", true, "the previous day has no scores", "none yet", "");
        }
        double[] today = histogram(spark.read().parquet(scores));
        double[] before = histogram(spark.read().parquet(previousScores.toString()));
        double psi = 0;
        for (int bin = 0; bin < today.length; bin++) {
            double actual = Math.max(today[bin], 1e-4);
            double expected = Math.max(before[bin], 1e-4);
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return new GateResult("score-drift", psi <= config.maxScoreDrift(),
                String.format(Locale.ROOT, "population stability index %.3f against %s", psi, previous.get()),
                String.format(Locale.ROOT, "≤ %.3f", config.maxScoreDrift()),
                "The risk-score distribution moved: check the model in use (manifest model_id) and the day's input volume, "
                        + "or raise nightly.max-score-drift after review");
    }

    private static double[] histogram(Dataset<Row> scores) {
        double[] shares = new double[10];
        long total = 0;
        for (Row row : scores.groupBy(org.apache.spark.sql.functions.least(lit(9),
                        org.apache.spark.sql.functions.floor(col("risk_score").multiply(10)).cast("int")).as("bin"))
                .count().collectAsList()) {
            if (!row.isNullAt(0)) {
                shares[row.getInt(0)] += row.getLong(1);
                total += row.getLong(1);
            }
        }
        for (int bin = 0; bin < shares.length && total > 0; bin++) {
            shares[bin] /= total;
        }
        return shares;
    }

    /** Key feature columns may be null in at most the configured share of account rows. */
    static GateResult nullRateGate(Dataset<Row> features, List<String> columns, NightlyConfig config) {
        List<org.apache.spark.sql.Column> aggregates = new ArrayList<>();
        aggregates.add(count(lit(1)).as("_rows"));
        for (String column : columns) {
            aggregates.add(sum(when(col(column).isNull(), 1).otherwise(0)).as(column));
        }
        Row row = features.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(org.apache.spark.sql.Column[]::new)).first();
        long rows = row.getLong(0);
        String worst = "";
        double worstRate = 0;
        for (int i = 0; i < columns.size(); i++) {
            double rate = rows == 0 ? 0 : (row.isNullAt(i + 1) ? 0 : row.getLong(i + 1)) / (double) rows;
            if (rate >= worstRate) {
                worstRate = rate;
                worst = columns.get(i);
            }
        }
        return new GateResult("null-rate", worstRate <= config.maxNullRate(),
                String.format(Locale.ROOT, "%s null in %s of %,d accounts", worst, percent(worstRate), rows),
                "≤ " + percent(config.maxNullRate()),
                "A feature that is suddenly null points at a changed log producer or a missing field; see the quarantine");
    }

    public static Optional<NightlyManifest> readManifest(Warehouse warehouse, LocalDate date) {
        Path path = new Path(warehouse.published(date), Warehouse.MANIFEST);
        try {
            FileSystem fileSystem = path.getFileSystem(warehouse.hadoop());
            if (!fileSystem.exists(path)) {
                return Optional.empty();
            }
            try (InputStream in = fileSystem.open(path)) {
                return Optional.of(JSON.readValue(in, NightlyManifest.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read manifest " + path + ": " + e.getMessage(), e);
        }
    }

    private static void writeJson(Warehouse warehouse, Path path, Object value) {
        try (OutputStream out = path.getFileSystem(warehouse.hadoop()).create(path, true)) {
            out.write(JSON.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static void touch(Warehouse warehouse, Path path) {
        try {
            path.getFileSystem(warehouse.hadoop()).create(path, true).close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }
}
