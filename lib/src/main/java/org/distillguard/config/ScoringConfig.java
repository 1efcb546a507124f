package org.distillguard.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How accounts are scored and tiered.
 *
 * @param rulesFile the rule file (reason codes, conditions, weights, sentences)
 * @param modelStore folder of versioned models ({@code <id>/}); {@code latest} picks the newest valid one
 * @param volumeFeature feature whose value sets an account's volume band (cohort)
 * @param volumeBands band edges of the volume feature, increasing: n edges make n + 1 bands
 * @param ageFeature feature whose value sets an account's age band (cohort); ignored when the table lacks it
 * @param ageBands band edges of the age feature, increasing
 * @param reviewFalsePositiveRate benign false-positive rate the {@code review} threshold is chosen for, per cohort
 * @param watchFalsePositiveRate benign false-positive rate the {@code watch} threshold is chosen for, per cohort
 * @param reviewMinRisk with a supervised model: lowest calibrated risk (a probability) put in {@code review}; an
 *     account above its cohort's review threshold but below this is put on {@code watch}
 * @param modelExcludedFeatures features the supervised model is not trained on (still used by rules, cohorts and the
 *     isolation forest): the account age by default, because thresholds are already chosen per age band, and a model
 *     that may read it learns "young and light" as a stand-in for coordination
 * @param minCohortBenign fewest benign training rows a cohort needs for its own thresholds (else the global ones)
 * @param queueSize analysts' review queue size (precision@k in evaluate)
 * @param unsupervisedReviewShare without a supervised model: share of the population put in {@code review}
 * @param unsupervisedWatchShare without a supervised model: share of the population put in {@code watch} or above
 * @param anomalyWeight without a supervised model: the weight of the anomaly percentile, combined with the rule
 *     weights as one more piece of evidence ({@code 1 - (1 - rule score)(1 - weight x percentile)})
 * @param fitSampleRows most rows collected to the driver to fit the isolation forest
 * @param explanationFeatures features named in each explanation
 */
public record ScoringConfig(
        String rulesFile,
        String modelStore,
        String volumeFeature,
        List<Double> volumeBands,
        String ageFeature,
        List<Double> ageBands,
        double reviewFalsePositiveRate,
        double watchFalsePositiveRate,
        double reviewMinRisk,
        List<String> modelExcludedFeatures,
        int minCohortBenign,
        int queueSize,
        double unsupervisedReviewShare,
        double unsupervisedWatchShare,
        double anomalyWeight,
        int fitSampleRows,
        int explanationFeatures) implements java.io.Serializable {

    public static final String RULES_FILE_DEFAULT = "conf/rules.yaml";
    public static final String MODEL_STORE_DEFAULT = "models";
    public static final String VOLUME_FEATURE_DEFAULT = "requests";
    public static final List<Double> VOLUME_BANDS_DEFAULT = List.of(30.0, 300.0);
    public static final String AGE_FEATURE_DEFAULT = "account_age_days";
    public static final List<Double> AGE_BANDS_DEFAULT = List.of(7.0, 90.0);
    public static final double REVIEW_FALSE_POSITIVE_RATE_DEFAULT = 0.005;
    public static final double WATCH_FALSE_POSITIVE_RATE_DEFAULT = 0.02;
    /** "More likely distilling than not": below this, an analyst's time goes to accounts the model is surer of. */
    public static final double REVIEW_MIN_RISK_DEFAULT = 0.5;
    public static final List<String> MODEL_EXCLUDED_FEATURES_DEFAULT = List.of(AGE_FEATURE_DEFAULT);
    public static final int MIN_COHORT_BENIGN_DEFAULT = 1000;
    public static final int QUEUE_SIZE_DEFAULT = 100;
    public static final double UNSUPERVISED_REVIEW_SHARE_DEFAULT = 0.005;
    public static final double UNSUPERVISED_WATCH_SHARE_DEFAULT = 0.02;
    public static final double ANOMALY_WEIGHT_DEFAULT = 0.25;
    public static final int FIT_SAMPLE_ROWS_DEFAULT = 200_000;
    public static final int EXPLANATION_FEATURES_DEFAULT = 3;

    public ScoringConfig {
        ConfigChecks.requireText("scoring.rules-file", rulesFile);
        ConfigChecks.requireText("scoring.model-store", modelStore);
        ConfigChecks.requireText("scoring.volume-feature", volumeFeature);
        ConfigChecks.requireText("scoring.age-feature", ageFeature);
        volumeBands = increasing("scoring.volume-bands", volumeBands);
        ageBands = increasing("scoring.age-bands", ageBands);
        ConfigChecks.requireRange("scoring.review-false-positive-rate", reviewFalsePositiveRate, 0.0, 0.5);
        ConfigChecks.requireRange("scoring.watch-false-positive-rate", watchFalsePositiveRate, reviewFalsePositiveRate, 0.5);
        ConfigChecks.requireRange("scoring.review-min-risk", reviewMinRisk, 0.0, 1.0);
        requireNonNull(modelExcludedFeatures, "scoring.model-excluded-features is null");
        modelExcludedFeatures = List.copyOf(modelExcludedFeatures);
        ConfigChecks.requireRange("scoring.min-cohort-benign", minCohortBenign, 1, 100_000_000);
        ConfigChecks.requireRange("scoring.queue-size", queueSize, 1, 10_000_000);
        ConfigChecks.requireRange("scoring.unsupervised-review-share", unsupervisedReviewShare, 0.0, 0.5);
        ConfigChecks.requireRange("scoring.unsupervised-watch-share", unsupervisedWatchShare, unsupervisedReviewShare, 0.5);
        ConfigChecks.requireRange("scoring.anomaly-weight", anomalyWeight, 0.0, 1.0);
        ConfigChecks.requireRange("scoring.fit-sample-rows", fitSampleRows, 1_000, 2_000_000);
        ConfigChecks.requireRange("scoring.explanation-features", explanationFeatures, 1, 20);
    }

    private static List<Double> increasing(String key, List<Double> edges) {
        requireNonNull(edges, key + " is null");
        for (int i = 1; i < edges.size(); i++) {
            if (!(edges.get(i) > edges.get(i - 1))) {
                throw new IllegalArgumentException("Invalid config value: " + key + "=" + edges + " (expected increasing band edges)");
            }
        }
        return List.copyOf(edges);
    }

    public static ScoringConfig defaults() {
        return new ScoringConfig(RULES_FILE_DEFAULT, MODEL_STORE_DEFAULT, VOLUME_FEATURE_DEFAULT, VOLUME_BANDS_DEFAULT,
                AGE_FEATURE_DEFAULT, AGE_BANDS_DEFAULT, REVIEW_FALSE_POSITIVE_RATE_DEFAULT,
                WATCH_FALSE_POSITIVE_RATE_DEFAULT, REVIEW_MIN_RISK_DEFAULT, MODEL_EXCLUDED_FEATURES_DEFAULT,
                MIN_COHORT_BENIGN_DEFAULT, QUEUE_SIZE_DEFAULT,
                UNSUPERVISED_REVIEW_SHARE_DEFAULT, UNSUPERVISED_WATCH_SHARE_DEFAULT, ANOMALY_WEIGHT_DEFAULT, FIT_SAMPLE_ROWS_DEFAULT,
                EXPLANATION_FEATURES_DEFAULT);
    }
}
