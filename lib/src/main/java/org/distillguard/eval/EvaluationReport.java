package org.distillguard.eval;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code evaluate} measures. Recall and false-positive rate per kind are taken at the operating point where
 * the benign false-positive rate is {@link #OPERATING_FALSE_POSITIVE_RATE}, and also by the scorer's own
 * {@code review} tier.
 */
public record EvaluationReport(
        long accounts,
        long distilling,
        long benign,
        double rocAuc,
        double prAuc,
        Map<String, Double> recallAtFalsePositiveRate,
        int queueSize,
        double precisionAtQueue,
        double operatingThreshold,
        List<KindOutcome> kinds,
        long clusters,
        long clustersDetected,
        double clusterRecall,
        double reviewTierRecall,
        double reviewTierFalsePositiveRate) {

    public static final double OPERATING_FALSE_POSITIVE_RATE = 0.005;

    public EvaluationReport {
        requireNonNull(recallAtFalsePositiveRate, "recallAtFalsePositiveRate is null");
        recallAtFalsePositiveRate = Map.copyOf(recallAtFalsePositiveRate);
        kinds = List.copyOf(kinds);
    }

    /**
     * One kind of account.
     *
     * @param flaggedAtOperatingPoint share at or above the threshold for benign FPR 0.5% (recall for an attack
     *     kind, false-positive rate for a benign one)
     * @param flaggedForReview share the scorer put in the {@code review} tier
     */
    public record KindOutcome(String kind, boolean distilling, long accounts, double flaggedAtOperatingPoint,
            double flaggedForReview) {
        public KindOutcome {
            requireNonNull(kind, "kind is null");
        }
    }

    /** The report as a plain-text table for the terminal. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "accounts %,d (distilling %,d, benign %,d)%n", accounts, distilling, benign));
        out.append(String.format(Locale.ROOT, "%-34s %8s%n", "metric", "value"));
        out.append(line("ROC-AUC", rocAuc));
        out.append(line("PR-AUC", prAuc));
        for (String key : recallAtFalsePositiveRate.keySet().stream().sorted().toList()) {
            out.append(line("recall at benign FPR " + key, recallAtFalsePositiveRate.get(key)));
        }
        out.append(line("precision@" + queueSize + " (review queue)", precisionAtQueue));
        out.append(line("cluster recall (" + clustersDetected + "/" + clusters + ")", clusterRecall));
        out.append(line("review tier: recall", reviewTierRecall));
        out.append(line("review tier: benign FPR", reviewTierFalsePositiveRate));
        out.append(String.format(Locale.ROOT, "%n%-22s %-8s %8s %14s %12s%n", "kind", "label", "accounts",
                "@FPR0.5%", "review tier"));
        for (KindOutcome kind : kinds) {
            out.append(String.format(Locale.ROOT, "%-22s %-8s %8d %14.4f %12.4f%n", kind.kind(),
                    kind.distilling() ? "distill" : "benign", kind.accounts(), kind.flaggedAtOperatingPoint(),
                    kind.flaggedForReview()));
        }
        out.append("(attack kinds: recall; benign kinds: false-positive rate)\n");
        return out.toString();
    }

    private static String line(String name, double value) {
        return String.format(Locale.ROOT, "%-34s %8.4f%n", name, value);
    }
}
