package org.distillguard.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import static java.util.Objects.requireNonNull;

/**
 * How the coordination stage links accounts into clusters and scores the clusters. Every edge type has its own
 * weight and threshold; a pair of accounts becomes an edge when the weighted sum of its evidence reaches
 * {@code edgeThreshold}. See {@code docs/coordination.md} for the score formula.
 *
 * @param maxBucketAccounts a shared key (template, network, user agent, card, LSH bucket, sign-up window) held by
 *     {@code k} of the day's {@code N} accounts weighs {@code 1 - ln(k) / ln(max(N, maxBucketAccounts))}; a key proposes
 *     candidate pairs only when held by at most {@code maxBucketAccounts^(1 - threshold)} accounts
 * @param lshBands MinHash LSH bands cut from the prompt signature
 * @param lshRows signature bins per band ({@code lshBands * lshRows} at most the signature length, 64)
 * @param template shared template fingerprints: weight, and the least inverse-frequency weight a key must have
 * @param nearDuplicate near-duplicate prompts (an LSH bucket shared): weight, and the least estimated Jaccard
 *     similarity of the two signatures
 * @param network shared client networks (/24 pseudonyms): weight, least inverse-frequency weight
 * @param userAgent shared user agents: weight, least inverse-frequency weight
 * @param payment shared payment fingerprints: weight, least inverse-frequency weight
 * @param creation sign-ups in the same window: weight, least inverse-frequency weight
 * @param creationWindowHours width of the sign-up window (two offset grids, so sign-ups this close always share one)
 * @param synchrony correlated hourly activity of a linked pair: weight, least cosine similarity
 * @param teacherSplit one template family with disjoint prompts (the same dataset split across accounts): weight,
 *     and the largest signature similarity that still counts as disjoint
 * @param edgeThreshold least summed evidence that makes a pair an edge
 * @param maxClusterAccounts a connected component with more members than this is linked again from its stronger edges
 *     only (the threshold raised by {@code splitStep} at a time) until its pieces are at most this size or the threshold
 *     would pass {@code splitMaxThreshold}; chance links between ordinary accounts can otherwise chain them into one
 *     giant component
 * @param splitStep how much the edge threshold rises at each split of oversized components
 * @param splitMaxThreshold the highest edge threshold a split may use; a component still oversized there is kept whole
 * @param maxIterations label-propagation rounds before the components are taken as they are
 * @param checkpointInterval rounds between cuts of the lineage
 * @param driverComponentsMaxEdges components of at most this many edges are found on the driver in one pass
 *     (union-find over the collected edges, a few hundred bytes of driver memory per edge) instead of by label
 *     propagation; 0 always propagates
 * @param score weights of the cluster score's terms and the flag threshold
 * @param summaryMembers members listed per cluster in the summary (the timeline shows at most as many)
 * @param summaryKeys shared skeletons, networks, user agents and cards listed per cluster
 * @param summarySkeletonChars length limit of each skeleton in the summary
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CoordinationConfig(
        int maxBucketAccounts,
        int lshBands,
        int lshRows,
        EdgeRule template,
        EdgeRule nearDuplicate,
        EdgeRule network,
        EdgeRule userAgent,
        EdgeRule payment,
        EdgeRule creation,
        int creationWindowHours,
        EdgeRule synchrony,
        EdgeRule teacherSplit,
        double edgeThreshold,
        int maxClusterAccounts,
        double splitStep,
        double splitMaxThreshold,
        int maxIterations,
        int checkpointInterval,
        int driverComponentsMaxEdges,
        ScoreWeights score,
        int summaryMembers,
        int summaryKeys,
        int summarySkeletonChars) implements java.io.Serializable {

    /** Signature length of the feature engine's prompt MinHash (PromptAnalyzer.SIGNATURE_SIZE). */
    public static final int SIGNATURE_BINS = 64;

    public static final int MAX_BUCKET_ACCOUNTS_DEFAULT = 1000;
    public static final int LSH_BANDS_DEFAULT = 16;
    public static final int LSH_ROWS_DEFAULT = 4;
    public static final EdgeRule TEMPLATE_DEFAULT = new EdgeRule(1.0, 0.45);
    public static final EdgeRule NEAR_DUPLICATE_DEFAULT = new EdgeRule(1.0, 0.5);
    public static final EdgeRule NETWORK_DEFAULT = new EdgeRule(0.6, 0.45);
    public static final EdgeRule USER_AGENT_DEFAULT = new EdgeRule(0.3, 0.05);
    public static final EdgeRule PAYMENT_DEFAULT = new EdgeRule(1.0, 0.05);
    public static final EdgeRule CREATION_DEFAULT = new EdgeRule(0.4, 0.05);
    public static final int CREATION_WINDOW_HOURS_DEFAULT = 48;
    public static final EdgeRule SYNCHRONY_DEFAULT = new EdgeRule(0.3, 0.5);
    public static final EdgeRule TEACHER_SPLIT_DEFAULT = new EdgeRule(0.3, 0.3);
    public static final double EDGE_THRESHOLD_DEFAULT = 1.5;
    public static final int MAX_CLUSTER_ACCOUNTS_DEFAULT = 2000;
    public static final double SPLIT_STEP_DEFAULT = 0.25;
    public static final double SPLIT_MAX_THRESHOLD_DEFAULT = 4.0;
    public static final int MAX_ITERATIONS_DEFAULT = 40;
    public static final int CHECKPOINT_INTERVAL_DEFAULT = 4;
    public static final int DRIVER_COMPONENTS_MAX_EDGES_DEFAULT = 250_000;
    public static final int SUMMARY_MEMBERS_DEFAULT = 50;
    public static final int SUMMARY_KEYS_DEFAULT = 5;
    public static final int SUMMARY_SKELETON_CHARS_DEFAULT = 80;

    public CoordinationConfig {
        ConfigChecks.requireRange("coordination.max-bucket-accounts", maxBucketAccounts, 2, 100_000);
        ConfigChecks.requireRange("coordination.lsh-bands", lshBands, 1, SIGNATURE_BINS);
        ConfigChecks.requireRange("coordination.lsh-rows", lshRows, 1, SIGNATURE_BINS);
        if (lshBands * lshRows > SIGNATURE_BINS) {
            throw new IllegalArgumentException("Invalid config value for coordination.lsh-bands x lsh-rows: "
                    + lshBands + " x " + lshRows + " (expected at most the " + SIGNATURE_BINS + " signature bins)");
        }
        requireNonNull(template, "coordination.template is null");
        requireNonNull(nearDuplicate, "coordination.near-duplicate is null");
        requireNonNull(network, "coordination.network is null");
        requireNonNull(userAgent, "coordination.user-agent is null");
        requireNonNull(payment, "coordination.payment is null");
        requireNonNull(creation, "coordination.creation is null");
        requireNonNull(synchrony, "coordination.synchrony is null");
        requireNonNull(teacherSplit, "coordination.teacher-split is null");
        requireNonNull(score, "coordination.score is null");
        ConfigChecks.requireRange("coordination.creation-window-hours", creationWindowHours, 1, 24 * 365);
        ConfigChecks.requireRange("coordination.edge-threshold", edgeThreshold, 0.0, 100.0);
        ConfigChecks.requireRange("coordination.max-cluster-accounts", maxClusterAccounts, 2, 100_000_000);
        ConfigChecks.requireRange("coordination.split-step", splitStep, 0.01, 100.0);
        ConfigChecks.requireRange("coordination.split-max-threshold", splitMaxThreshold, 0.0, 100.0);
        ConfigChecks.requireRange("coordination.max-iterations", maxIterations, 1, 1000);
        ConfigChecks.requireRange("coordination.checkpoint-interval", checkpointInterval, 1, 1000);
        ConfigChecks.requireRange("coordination.driver-components-max-edges", driverComponentsMaxEdges, 0, 5_000_000);
        ConfigChecks.requireRange("coordination.summary-members", summaryMembers, 1, 10_000);
        ConfigChecks.requireRange("coordination.summary-keys", summaryKeys, 1, 1000);
        ConfigChecks.requireRange("coordination.summary-skeleton-chars", summarySkeletonChars, 8, 1000);
    }

    public static CoordinationConfig defaults() {
        return new CoordinationConfig(MAX_BUCKET_ACCOUNTS_DEFAULT, LSH_BANDS_DEFAULT, LSH_ROWS_DEFAULT, TEMPLATE_DEFAULT,
                NEAR_DUPLICATE_DEFAULT, NETWORK_DEFAULT, USER_AGENT_DEFAULT, PAYMENT_DEFAULT, CREATION_DEFAULT,
                CREATION_WINDOW_HOURS_DEFAULT, SYNCHRONY_DEFAULT, TEACHER_SPLIT_DEFAULT, EDGE_THRESHOLD_DEFAULT,
                MAX_CLUSTER_ACCOUNTS_DEFAULT, SPLIT_STEP_DEFAULT, SPLIT_MAX_THRESHOLD_DEFAULT, MAX_ITERATIONS_DEFAULT,
                CHECKPOINT_INTERVAL_DEFAULT, DRIVER_COMPONENTS_MAX_EDGES_DEFAULT, ScoreWeights.defaults(), SUMMARY_MEMBERS_DEFAULT,
                SUMMARY_KEYS_DEFAULT, SUMMARY_SKELETON_CHARS_DEFAULT);
    }

    /**
     * One edge type: its weight in a pair's evidence sum, and the threshold its strength must reach to count at all
     * (an inverse-frequency weight for shared keys, a similarity for the pairwise measures).
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record EdgeRule(double weight, double threshold) implements java.io.Serializable {
        public EdgeRule {
            ConfigChecks.requireRange("coordination edge weight", weight, 0.0, 100.0);
            ConfigChecks.requireRange("coordination edge threshold", threshold, 0.0, 1.0);
        }
    }

    /**
     * The cluster score: a weighted mean of terms in [0, 1] (see {@code docs/coordination.md}), and the score at or
     * above which a cluster is flagged for review.
     *
     * @param size weight of the size term, {@code min(1, ln(size) / ln(sizeSaturation))}
     * @param sizeSaturation members at which the size term reaches 1
     * @param sharedTemplates weight of the share of members linked by templates or near-duplicate prompts
     * @param infrastructure weight of the share of members linked by networks, user agents or cards
     * @param youth weight of the share of members younger than {@code youngAccountDays}
     * @param youngAccountDays account age below which a member counts as young
     * @param creation weight of the sign-up tightness, {@code max(0, 1 - spread / creationSpreadDays)}
     * @param creationSpreadDays sign-up spread (days between first and last member) at which tightness reaches 0
     * @param synchrony weight of the mean hourly-activity cosine over the cluster's edges
     * @param flag clusters at or above this score are flagged for review
     */
    @JsonIgnoreProperties(ignoreUnknown = false)
    public record ScoreWeights(double size, int sizeSaturation, double sharedTemplates, double infrastructure,
            double youth, int youngAccountDays, double creation, double creationSpreadDays, double synchrony,
            double flag) implements java.io.Serializable {

        public static final double SIZE_DEFAULT = 1.0;
        public static final int SIZE_SATURATION_DEFAULT = 20;
        public static final double SHARED_TEMPLATES_DEFAULT = 1.0;
        public static final double INFRASTRUCTURE_DEFAULT = 1.0;
        public static final double YOUTH_DEFAULT = 1.0;
        public static final int YOUNG_ACCOUNT_DAYS_DEFAULT = 60;
        public static final double CREATION_DEFAULT = 1.0;
        public static final double CREATION_SPREAD_DAYS_DEFAULT = 30.0;
        public static final double SYNCHRONY_DEFAULT = 0.5;
        public static final double FLAG_DEFAULT = 0.65;

        public ScoreWeights {
            ConfigChecks.requireRange("coordination.score.size", size, 0.0, 100.0);
            ConfigChecks.requireRange("coordination.score.size-saturation", sizeSaturation, 2, 1_000_000);
            ConfigChecks.requireRange("coordination.score.shared-templates", sharedTemplates, 0.0, 100.0);
            ConfigChecks.requireRange("coordination.score.infrastructure", infrastructure, 0.0, 100.0);
            ConfigChecks.requireRange("coordination.score.youth", youth, 0.0, 100.0);
            ConfigChecks.requireRange("coordination.score.young-account-days", youngAccountDays, 1, 100_000);
            ConfigChecks.requireRange("coordination.score.creation", creation, 0.0, 100.0);
            ConfigChecks.requireRange("coordination.score.creation-spread-days", creationSpreadDays, 0.01, 100_000.0);
            ConfigChecks.requireRange("coordination.score.synchrony", synchrony, 0.0, 100.0);
            ConfigChecks.requireRange("coordination.score.flag", flag, 0.0, 1.0);
            if (size + sharedTemplates + infrastructure + youth + creation + synchrony <= 0) {
                throw new IllegalArgumentException("Invalid coordination.score weights: all zero (expected at least one above 0)");
            }
        }

        public static ScoreWeights defaults() {
            return new ScoreWeights(SIZE_DEFAULT, SIZE_SATURATION_DEFAULT, SHARED_TEMPLATES_DEFAULT, INFRASTRUCTURE_DEFAULT,
                    YOUTH_DEFAULT, YOUNG_ACCOUNT_DAYS_DEFAULT, CREATION_DEFAULT, CREATION_SPREAD_DAYS_DEFAULT,
                    SYNCHRONY_DEFAULT, FLAG_DEFAULT);
        }
    }
}
