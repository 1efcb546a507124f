package org.distillguard.eval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Computes an {@link EvaluationReport} from scored accounts and their truth. */
public final class Evaluation {

    public static final List<Double> FALSE_POSITIVE_RATES = List.of(0.001, 0.005, 0.01);
    public static final String REVIEW_TIER = "review";

    private Evaluation() {}

    public static EvaluationReport evaluate(List<AccountOutcome> outcomes, int queueSize) {
        requireNonNull(outcomes, "outcomes is null");
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("Cannot evaluate: no scored account has a truth label");
        }
        int n = outcomes.size();
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        List<Double> benignScores = new ArrayList<>();
        long distilling = 0;
        for (int i = 0; i < n; i++) {
            scores[i] = outcomes.get(i).score();
            positive[i] = outcomes.get(i).distilling();
            if (positive[i]) {
                distilling++;
            } else {
                benignScores.add(scores[i]);
            }
        }
        Map<String, Double> recalls = new LinkedHashMap<>();
        for (double rate : FALSE_POSITIVE_RATES) {
            recalls.put(percent(rate), BinaryMetrics.recallAtFalsePositiveRate(scores, positive, rate));
        }
        double threshold = BinaryMetrics.thresholdForFalsePositiveRate(
                benignScores.stream().mapToDouble(Double::doubleValue).toArray(),
                EvaluationReport.OPERATING_FALSE_POSITIVE_RATE);

        Map<String, long[]> perKind = new TreeMap<>();
        Map<String, Boolean> kindLabel = new TreeMap<>();
        Map<String, Boolean> clusterDetected = new TreeMap<>();
        long reviewedPositives = 0;
        long reviewedNegatives = 0;
        for (AccountOutcome outcome : outcomes) {
            boolean atOperatingPoint = outcome.score() >= threshold;
            boolean reviewed = REVIEW_TIER.equals(outcome.tier());
            String kind = outcome.kind().isEmpty() ? (outcome.distilling() ? "distill" : "benign") : outcome.kind();
            long[] counts = perKind.computeIfAbsent(kind, key -> new long[3]);
            counts[0]++;
            counts[1] += atOperatingPoint ? 1 : 0;
            counts[2] += reviewed ? 1 : 0;
            kindLabel.putIfAbsent(kind, outcome.distilling());
            if (outcome.distilling()) {
                reviewedPositives += reviewed ? 1 : 0;
                outcome.clusterId().ifPresent(cluster ->
                        clusterDetected.merge(cluster, atOperatingPoint || reviewed, Boolean::logicalOr));
            } else {
                reviewedNegatives += reviewed ? 1 : 0;
            }
        }
        List<EvaluationReport.KindOutcome> kinds = new ArrayList<>();
        // Attack kinds first, then benign kinds, each alphabetical.
        for (boolean distillingKinds : new boolean[] {true, false}) {
            for (String kind : new TreeSet<>(perKind.keySet())) {
                if (kindLabel.get(kind) == distillingKinds) {
                    long[] counts = perKind.get(kind);
                    kinds.add(new EvaluationReport.KindOutcome(kind, distillingKinds, counts[0],
                            (double) counts[1] / counts[0], (double) counts[2] / counts[0]));
                }
            }
        }
        long clustersDetected = clusterDetected.values().stream().filter(Boolean::booleanValue).count();
        long benign = n - distilling;
        return new EvaluationReport(n, distilling, benign,
                BinaryMetrics.rocAuc(scores, positive),
                BinaryMetrics.prAuc(scores, positive),
                recalls, queueSize, BinaryMetrics.precisionAtK(scores, positive, queueSize), threshold, kinds,
                clusterDetected.size(), clustersDetected,
                clusterDetected.isEmpty() ? Double.NaN : (double) clustersDetected / clusterDetected.size(),
                distilling == 0 ? Double.NaN : (double) reviewedPositives / distilling,
                benign == 0 ? Double.NaN : (double) reviewedNegatives / benign);
    }

    static String percent(double rate) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", rate * 100);
    }
}
