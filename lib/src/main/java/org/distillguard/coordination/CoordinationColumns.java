package org.distillguard.coordination;

/** Column names of the coordination stage's inputs, intermediate tables and outputs, in one place. */
public final class CoordinationColumns {

    private CoordinationColumns() {}

    // Account table (one row per account of the day), assembled from the feature engine's outputs.
    public static final String ACCOUNT_ID = "account_id";
    public static final String DATE = "date";
    public static final String REQUESTS = "requests";
    public static final String TOKENS = "tokens";
    public static final String ACCOUNT_AGE_DAYS = "account_age_days";
    public static final String CREATED_SECONDS = "created_seconds";
    public static final String CAPABILITY_MASK = "capability_mask";
    public static final String SIGNATURE = "signature";
    public static final String HOURS = "hours";
    public static final String TOP_TEMPLATES = "top_templates";
    public static final String SKELETONS = "skeletons";
    public static final String NETWORKS = "networks";
    public static final String USER_AGENTS = "user_agents";
    public static final String PAYMENTS = "payments";
    public static final String MINUTES = "minutes";

    // Key table: one row per (account, edge type, key).
    public static final String EDGE_TYPE = "edge_type";
    public static final String KEY = "key";
    public static final String KEY_ACCOUNTS = "key_accounts";
    public static final String KEY_WEIGHT = "key_weight";
    /** Per account, per shared-key type: array of struct(key, key_weight), prefixed with {@code k_}. */
    public static final String KEYS_PREFIX = "k_";

    // Pair and edge tables.
    public static final String SOURCE = "src";
    public static final String DESTINATION = "dst";
    public static final String SIGNATURE_SIMILARITY = "signature_similarity";
    public static final String HOUR_COSINE = "hour_cosine";
    public static final String EDGE_SCORE = "edge_score";
    public static final String SHARED_KEYS = "shared_keys";

    // Components.
    public static final String LABEL = "label";

    // Output: clusters/ (one row per member) and cluster_summary/ (one row per cluster).
    public static final String CLUSTER_ID = "cluster_id";
    public static final String CLUSTER_SIZE = "cluster_size";
    public static final String CLUSTER_SCORE = "cluster_score";
    public static final String CLUSTER_FLAGGED = "cluster_flagged";
    public static final String CLUSTER_REASONS = "cluster_reasons";
    public static final String MEMBER_EDGES = "member_edges";
    public static final String MEMBER_EVIDENCE = "member_evidence";
    public static final String MEMBERS = "members";
    public static final String TOTAL_REQUESTS = "total_requests";
    public static final String TOTAL_TOKENS = "total_tokens";
    public static final String EDGES = "edges";
    public static final String SHARED_TEMPLATE_SHARE = "shared_template_share";
    public static final String TEMPLATE_CONCENTRATION = "template_concentration";
    public static final String CAPABILITY_COVERAGE = "capability_coverage";
    public static final String TIMING_SYNCHRONY = "timing_synchrony";
    public static final String INFRASTRUCTURE_OVERLAP = "infrastructure_overlap";
    public static final String YOUNG_SHARE = "young_share";
    public static final String MEDIAN_ACCOUNT_AGE_DAYS = "median_account_age_days";
    public static final String CREATION_SPREAD_DAYS = "creation_spread_days";
    public static final String EDGE_TYPE_COUNTS = "edge_type_counts";
    public static final String SHARED_SKELETONS = "shared_skeletons";
    public static final String SHARED_NETWORKS = "shared_networks";
    public static final String SHARED_USER_AGENTS = "shared_user_agents";
    public static final String SHARED_PAYMENTS = "shared_payments";
    public static final String HOURLY_TIMELINE = "hourly_timeline";
    public static final String CLUSTER_HOURS = "cluster_hours";
}
