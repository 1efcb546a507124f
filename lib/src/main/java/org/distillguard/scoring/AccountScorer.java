package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Everything needed to score one account-day, shipped to Spark tasks as one broadcast: the bound rules, the fitted
 * isolation forest, the supervised model with its calibration and thresholds when there is one, and the population's
 * feature distribution for explanations.
 */
public final class AccountScorer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** With a supervised model, a rule score at least this high puts an account at least on watch. */
    public static final double RULE_WATCH_SCORE = 0.5;

    /** Contributions smaller than this are not worth an analyst's attention. */
    static final double MIN_CONTRIBUTION = 0.01;

    private final List<String> features;
    private final RuleSet.Bound rules;
    private final IsolationForestScorer anomaly;
    private final TrainedModel model;
    private final int[] modelIndex;
    private final FeatureDistribution distribution;
    private final CohortThresholds thresholds;
    private final Tiering tiering;
    private final int explanationFeatures;
    /** Built once per JVM after deserialization; tasks share the broadcast scorer, hence volatile. */
    private transient volatile Map<String, Integer> position;

    /**
     * How scores become tiers beyond the cohort thresholds.
     *
     * @param unsupervisedReview without a model: the lowest unsupervised risk put in review
     * @param unsupervisedWatch without a model: the lowest unsupervised risk put on watch
     * @param reviewMinRisk with a model: the lowest calibrated risk put in review (else watch)
     * @param anomalyWeight without a model: the anomaly percentile's weight in the unsupervised risk
     */
    public record Tiering(double unsupervisedReview, double unsupervisedWatch, double reviewMinRisk, double anomalyWeight)
            implements Serializable {
        public Tiering {
            if (!(unsupervisedWatch <= unsupervisedReview)) {
                throw new IllegalArgumentException("Invalid tiering: unsupervised watch " + unsupervisedWatch
                        + " above review " + unsupervisedReview);
            }
            if (!(anomalyWeight >= 0 && anomalyWeight <= 1)) {
                throw new IllegalArgumentException("Invalid tiering: anomaly weight " + anomalyWeight + " (expected 0 to 1)");
            }
        }
    }

    /** The outcome for one account-day. */
    public record Result(double risk, Tier tier, List<String> reasons, double ruleScore, double anomalyScore,
            Double modelScore, String cohort, String explanation) {}

    public AccountScorer(List<String> features, RuleSet.Bound rules, IsolationForestScorer anomaly, Optional<TrainedModel> model,
            FeatureDistribution distribution, CohortThresholds thresholds, Tiering tiering, int explanationFeatures) {
        this.features = List.copyOf(features);
        this.rules = requireNonNull(rules, "rules is null");
        this.anomaly = requireNonNull(anomaly, "anomaly is null");
        this.model = model.orElse(null);
        this.modelIndex = model.map(m -> m.features().stream().mapToInt(this.features::indexOf).toArray()).orElse(new int[0]);
        this.distribution = requireNonNull(distribution, "distribution is null");
        this.thresholds = requireNonNull(thresholds, "thresholds is null");
        this.tiering = requireNonNull(tiering, "tiering is null");
        this.explanationFeatures = explanationFeatures;
        for (int index : modelIndex) {
            if (index < 0) {
                throw new IllegalArgumentException("Cannot score: the model reads a feature the table lacks");
            }
        }
    }

    /**
     * The unsupervised risk: the anomaly percentile counts as one more piece of evidence of weight
     * {@code anomalyWeight x percentile}, combined with the rule score the way rule weights combine
     * ({@code 1 - prod(1 - weight)}). Rising in both; with a weight below 1 an account that fires rules outranks one
     * that is only unusual, and the percentile orders accounts with equal rule scores.
     */
    public static double unsupervisedRisk(double ruleScore, double anomalyScore, double anomalyWeight) {
        return 1 - (1 - ruleScore) * (1 - anomalyWeight * anomalyScore);
    }

    private Map<String, Integer> position() {
        if (position == null) {
            Map<String, Integer> map = new HashMap<>();
            for (int j = 0; j < features.size(); j++) {
                map.put(features.get(j), j);
            }
            position = Map.copyOf(map);
        }
        return position;
    }

    /**
     * Scores one account-day.
     *
     * @param values the table's features in {@link #features} order (NaN for missing)
     */
    public Result score(double[] values) {
        return score(values, null);
    }

    /**
     * Scores one account-day whose anomaly percentile is already known (its row was in the isolation forest's fit
     * sample, which scored it): the forest, most of the scoring's CPU, is then not run again.
     *
     * @param values the table's features in {@link #features} order (NaN for missing)
     * @param knownAnomalyScore the forest's percentile for exactly these values, or null to compute it
     */
    public Result score(double[] values, Double knownAnomalyScore) {
        Map<String, Integer> position = position();
        List<RuleHit> hits = rules.evaluate(name -> {
            Integer j = position.get(name);
            return j == null ? Double.NaN : values[j];
        });
        double ruleScore = RuleSet.Bound.score(hits);
        double anomalyScore = knownAnomalyScore != null ? knownAnomalyScore : anomaly.score(values);
        double volume = valueOf(values, position, thresholds.volumeFeature());
        double age = valueOf(values, position, thresholds.ageFeature());
        String cohort = thresholds.cohort(volume, age);
        double risk;
        Tier tier;
        Double modelScore = null;
        double[] modelValues = null;
        if (model != null) {
            modelValues = IntStream.of(modelIndex).mapToDouble(j -> values[j]).toArray();
            modelScore = model.scorer().score(modelValues);
            risk = model.calibration().apply(modelScore);
            tier = model.thresholds().tier(risk, cohort);
            if (tier == Tier.REVIEW && risk < tiering.reviewMinRisk()) {
                tier = Tier.WATCH;
            }
            if (tier == Tier.OK && ruleScore >= RULE_WATCH_SCORE) {
                tier = Tier.WATCH;
            }
        } else {
            risk = unsupervisedRisk(ruleScore, anomalyScore, tiering.anomalyWeight());
            tier = risk >= tiering.unsupervisedReview() ? Tier.REVIEW
                    : risk >= tiering.unsupervisedWatch() ? Tier.WATCH : Tier.OK;
        }
        String explanation = null;
        if (tier != Tier.OK) {
            explanation = explain(values, modelValues, hits, position);
        }
        return new Result(Math.max(0, Math.min(1, risk)), tier, RuleSet.Bound.reasons(hits), ruleScore, anomalyScore,
                modelScore, cohort, explanation);
    }

    private static double valueOf(double[] values, Map<String, Integer> position, String feature) {
        Integer j = position.get(feature);
        return j == null ? Double.NaN : values[j];
    }

    /**
     * Plain words: the rule sentences, then the features that pushed the score up most (SHAP values from the
     * supervised model, else the robust distance from the population median), each with its value, its population
     * percentile and the typical range.
     */
    String explain(double[] values, double[] modelValues, List<RuleHit> hits, Map<String, Integer> position) {
        List<String> parts = new ArrayList<>();
        for (RuleHit hit : hits) {
            parts.add(hit.code() + ": " + hit.sentence());
        }
        List<String> names;
        double[] contributions;
        String source;
        if (model != null) {
            names = model.features();
            contributions = model.scorer().contributions(modelValues);
            source = "model";
        } else {
            names = features;
            double[] z = anomaly.contributions(values);
            contributions = new double[z.length];
            for (int j = 0; j < z.length; j++) {
                contributions[j] = Math.abs(z[j]);
            }
            source = "anomaly";
        }
        List<Integer> top = IntStream.range(0, names.size()).boxed()
                .filter(j -> contributions[j] > MIN_CONTRIBUTION)
                .sorted(Comparator.comparingDouble((Integer j) -> -contributions[j]).thenComparing(names::get))
                .limit(explanationFeatures).toList();
        for (int j : top) {
            String feature = names.get(j);
            int column = position.get(feature);
            double value = values[column];
            double percentile = distribution.percentile(column, value);
            parts.add(String.format(Locale.ROOT, "%s is %s (%s; typical %s to %s) [%s +%.3f]", feature,
                    Rule.formatValue(feature, value),
                    Double.isNaN(percentile) ? "percentile unknown" : ordinal((int) Math.round(percentile)) + " percentile",
                    Rule.formatValue(feature, distribution.typicalLow(column)),
                    Rule.formatValue(feature, distribution.typicalHigh(column)), source, contributions[j]));
        }
        return String.join("; ", parts);
    }

    static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    public List<String> features() {
        return features;
    }

    public Optional<TrainedModel> model() {
        return Optional.ofNullable(model);
    }
}
