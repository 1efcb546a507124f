package org.distillguard.coordination;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.features.FeatureJob;
import org.distillguard.ingest.EventSchema;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.simulate.Kind;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;

/**
 * Measures the coordination stage on simulated traffic with ground truth: the share of hydra members that land in a
 * flagged cluster, and the share of benign accounts that do. Also times the stage alone for the scale benchmark.
 */
public final class CoordinationEvaluation {

    public static final String TRUTH_FILE = "truth.csv";
    static final String LABEL = "label";
    static final String KIND = "kind";
    static final String BENIGN = "benign";

    /** Figures for one date: accounts active that day, by truth. */
    public record Figures(LocalDate date, long hydraMembers, long hydraFlagged, long benignAccounts, long benignFlagged,
            long clusters, long flaggedClusters, double seconds) {
        public Figures {
            java.util.Objects.requireNonNull(date, "date is null");
        }

        public double hydraRecall() {
            return hydraMembers == 0 ? 0.0 : (double) hydraFlagged / hydraMembers;
        }

        public double benignFlaggedShare() {
            return benignAccounts == 0 ? 0.0 : (double) benignFlagged / benignAccounts;
        }

        public String line() {
            return String.format(Locale.ROOT, "%s  hydra members in flagged clusters: %d/%d = %.1f%%   benign accounts in"
                            + " flagged clusters: %d/%d = %.2f%%   clusters: %d (%d flagged)   coordination %.1f s",
                    date, hydraFlagged, hydraMembers, 100 * hydraRecall(), benignFlagged, benignAccounts,
                    100 * benignFlaggedShare(), clusters, flaggedClusters, seconds);
        }
    }

    /** Timing of the coordination stage alone on one simulated day. */
    public record Timing(int accounts, long accountDays, long edges, long clusters, double seconds) {}

    private CoordinationEvaluation() {}

    /**
     * Joins a date's member table with the truth ({@code account_id}, {@code label}, {@code kind}) over the accounts
     * active that date.
     */
    public static Figures evaluate(Dataset<Row> members, Dataset<Row> activeAccounts, Dataset<Row> truth, LocalDate date,
            double seconds) {
        EventSchema.requireColumns(members.schema(), "the coordination evaluation", CoordinationColumns.ACCOUNT_ID,
                CoordinationColumns.CLUSTER_ID, CoordinationColumns.CLUSTER_FLAGGED);
        EventSchema.requireColumns(truth.schema(), "the coordination evaluation", EventSchema.ACCOUNT_ID, LABEL, KIND);
        Dataset<Row> joined = activeAccounts.select(col(EventSchema.ACCOUNT_ID)).distinct()
                .join(truth.select(col(EventSchema.ACCOUNT_ID), col(LABEL), col(KIND)), EventSchema.ACCOUNT_ID)
                .join(members.select(col(CoordinationColumns.ACCOUNT_ID), col(CoordinationColumns.CLUSTER_FLAGGED)),
                        List.of(EventSchema.ACCOUNT_ID).toArray(String[]::new), "left");
        Column hydra = col(KIND).equalTo(Kind.HYDRA_MEMBER.text());
        Column benign = col(LABEL).equalTo(BENIGN);
        Column flagged = col(CoordinationColumns.CLUSTER_FLAGGED).equalTo(true);
        Row row = joined.agg(countIf(hydra), countIf(hydra.and(flagged)), countIf(benign), countIf(benign.and(flagged))).first();
        Row clusters = members.groupBy(col(CoordinationColumns.CLUSTER_ID))
                .agg(org.apache.spark.sql.functions.max(col(CoordinationColumns.CLUSTER_FLAGGED).cast("int")).as("f"))
                .agg(count(lit(1)), sum(col("f"))).first();
        return new Figures(date, row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3), clusters.getLong(0),
                clusters.isNullAt(1) ? 0 : clusters.getLong(1), seconds);
    }

    /**
     * Simulates {@code spec} into {@code workDir}, ingests it, runs the feature stage for every day and the
     * coordination stage for {@code date} (the last day when null), and evaluates against the simulator's truth.
     */
    public static Figures runSimulated(SparkSession spark, DistillGuardConfig config, SimulationSpec spec, Path workDir,
            LocalDate date) {
        Path features = prepare(spark, config, spec, workDir);
        LocalDate day = date != null ? date : spec.start().plusDays(spec.days() - 1L);
        String out = workDir.resolve("coordination").toString();
        long started = System.nanoTime();
        CoordinationJob.run(spark, config, null, features.toString(), day, out);
        double seconds = (System.nanoTime() - started) / 1e9;
        Dataset<Row> members = CoordinationJob.readDay(spark, out, CoordinationJob.CLUSTERS_DIR, day);
        Dataset<Row> active = CoordinationJob.readDay(spark, features.toString(), FeatureJob.FEATURES_DIR, day);
        Dataset<Row> truth = spark.read().option("header", "true").csv(workDir.resolve("logs").resolve(TRUTH_FILE).toString());
        return evaluate(members, active, truth, day, seconds);
    }

    /**
     * Times the coordination stage alone on one simulated day of {@code accounts} accounts (the {@code bench} preset's
     * mix); simulation, ingest and features run first and are not timed.
     */
    public static Timing timeAt(SparkSession spark, DistillGuardConfig config, int accounts, Path workDir) {
        SimulationSpec spec = SimulationSpec.preset(SimulationSpec.BENCH).withAccounts(accounts).withDays(1);
        Path features = prepare(spark, config, spec, workDir);
        String out = workDir.resolve("coordination").toString();
        long started = System.nanoTime();
        CoordinationJob.Result result = CoordinationJob.run(spark, config, null, features.toString(), spec.start(), out);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Timing(accounts, result.accounts(), result.edges(), result.clusters(), seconds);
    }

    /** Simulation, ingest and features of every day into {@code workDir}; reuses what an earlier call left there. */
    static Path prepare(SparkSession spark, DistillGuardConfig config, SimulationSpec spec, Path workDir) {
        Path logs = workDir.resolve("logs");
        Path ingested = workDir.resolve("ingested");
        Path features = workDir.resolve("features");
        if (!logs.resolve(TRUTH_FILE).toFile().exists()) {
            Simulator.run(spec, logs);
        }
        if (!ingested.resolve(IngestJob.EVENTS_DIR).toFile().exists()) {
            IngestJob.run(spark, config, Redactor.withDefaultRules(),
                    new Pseudonymizer(HmacKey.of("coordination-evaluation-key-0123456789abcdef")),
                    new IngestRequest(List.of(logs.toString()), ingested.toString(), Optional.empty()));
        }
        for (int offset = 0; offset < spec.days(); offset++) {
            LocalDate day = spec.start().plusDays(offset);
            if (!features.resolve(FeatureJob.EVIDENCE_DIR).resolve(EventSchema.DATE + "=" + day).toFile().exists()) {
                FeatureJob.run(spark, config, ingested.resolve(IngestJob.EVENTS_DIR).toString(), day, features.toString());
            }
        }
        return features;
    }

    private static Column countIf(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }
}
