package org.distillguard.scoring;

import java.util.Set;

/** Column names of the feature tables scoring reads and of the score table it writes. */
public final class ScoreColumns {

    public static final String ACCOUNT_ID = "account_id";
    public static final String DATE = "date";
    public static final String CLUSTER_ID = "cluster_id";
    public static final String CLUSTER_SIZE = "cluster_size";
    public static final String CLUSTER_SCORE = "cluster_score";
    public static final String RISK_SCORE = "risk_score";
    public static final String TIER = "tier";
    public static final String REASONS = "reasons";
    public static final String RULE_SCORE = "rule_score";
    public static final String ANOMALY_SCORE = "anomaly_score";
    public static final String MODEL_SCORE = "model_score";
    public static final String EXPLANATION = "explanation";
    public static final String COHORT = "cohort";

    /** Label file columns: {@code account_id,label[,kind,cluster_id]}. */
    public static final String LABEL = "label";
    public static final String KIND = "kind";

    /**
     * Columns that identify a row or carry truth, never a feature, even when numeric. Cluster size and score are
     * features: scoring joins them from the coordination stage (0 for an account in no cluster).
     */
    public static final Set<String> NOT_FEATURES = Set.of(ACCOUNT_ID, DATE, CLUSTER_ID,
            LABEL, KIND, "window_days", "window_end", "window_start");

    private ScoreColumns() {}
}
