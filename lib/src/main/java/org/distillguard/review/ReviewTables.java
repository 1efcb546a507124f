package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where the review reads each published output and which columns it uses: the one place that names them. A published
 * date folder ({@code WAREHOUSE/published/date=D/}) holds one folder per stage; a table inside it is partitioned by
 * {@code date=}. Stages are built on their own schedules, so a table may be found at more than one place: the first
 * candidate that holds data wins, and a table found nowhere is simply absent (no clusters yet → no cluster sections).
 */
public final class ReviewTables {

    /** A published table: its view name in {@code distillguard sql} and where it may be, relative to a date folder. */
    public record Table(String name, List<String> candidates, Format format) {
        public Table {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Invalid table name: empty");
            }
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("Invalid table " + name + ": no location");
            }
            requireNonNull(format, "format is null");
        }
    }

    /** How a table's files are stored. */
    public enum Format { PARQUET, JSON_LINES }

    public static final Table EVENTS = new Table("events", List.of("ingest/events"), Format.PARQUET);
    public static final Table QUARANTINE = new Table("quarantine", List.of("ingest/quarantine"), Format.JSON_LINES);
    public static final Table FEATURES = new Table("features", List.of("features/features"), Format.PARQUET);
    public static final Table FEATURES_7D = new Table("features_7d", List.of("features/features_7d"), Format.PARQUET);
    public static final Table FEATURES_28D = new Table("features_28d", List.of("features/features_28d"), Format.PARQUET);
    public static final Table EVIDENCE = new Table("account_day_evidence",
            List.of("features/account_day_evidence"), Format.PARQUET);
    public static final Table CLUSTERS = new Table("clusters",
            List.of("clusters/clusters", "coordination/clusters", "clusters"), Format.PARQUET);
    public static final Table CLUSTER_SUMMARY = new Table("cluster_summary",
            List.of("clusters/cluster_summary", "coordination/cluster_summary", "cluster_summary"), Format.PARQUET);
    public static final Table SCORES = new Table("scores", List.of("scores/scores", "scores"), Format.PARQUET);

    /** Every published table, in the order {@code distillguard sql} registers them. */
    public static final List<Table> ALL = List.of(EVENTS, QUARANTINE, FEATURES, FEATURES_7D, FEATURES_28D, EVIDENCE,
            CLUSTERS, CLUSTER_SUMMARY, SCORES);

    // Columns shared by several tables.
    public static final String ACCOUNT_ID = "account_id";
    public static final String DATE = "date";

    // scores
    public static final String RISK_SCORE = "risk_score";
    public static final String TIER = "tier";
    public static final String CLUSTER_ID = "cluster_id";
    public static final String REASONS = "reasons";
    public static final String EXPLANATION = "explanation";
    /** Optional: the model that produced the score, when the scoring stage writes it per row. */
    public static final String MODEL_ID = "model_id";
    public static final String TIER_REVIEW = "review";
    public static final String TIER_WATCH = "watch";
    public static final String TIER_OK = "ok";

    // clusters (one row per member)
    public static final String CLUSTER_SIZE = "cluster_size";
    public static final String CLUSTER_SCORE = "cluster_score";
    public static final String CLUSTER_REASONS = "cluster_reasons";

    // cluster_summary (one row per cluster); each column optional, computed from events and evidence when absent
    public static final String SHARED_SKELETONS = "shared_skeletons";
    public static final String SHARED_INFRASTRUCTURE = "shared_infrastructure";

    // account_day_evidence
    public static final String TEMPLATE_SKELETONS = "template_skeletons";

    // labels store, WAREHOUSE/labels/
    public static final String VERDICTS_FILE = "verdicts.jsonl";
    public static final String LABELS_VIEW = "labels";
    public static final String VERDICTS_VIEW = "verdicts";

    // the review's own outputs, in WAREHOUSE/published/date=D/review/
    public static final String REVIEW_DIR = "review";
    public static final String QUEUE_CSV = "review_queue.csv";
    public static final String QUEUE_JSON = "review_queue.json";
    public static final String REPORT_HTML = "report.html";

    private ReviewTables() {}
}
