package org.distillguard.eval;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Ranking metrics over scored examples with a binary truth (positive = distilling). Pure Java so they are tested on
 * hand-computed cases. Ties in score are handled as ties: ROC-AUC counts a tied positive/negative pair as one half,
 * and thresholds never split a group of equal scores.
 */
public final class BinaryMetrics {

    private BinaryMetrics() {}

    /** Area under the ROC curve (Mann-Whitney U with midranks); NaN when either class is empty. */
    public static double rocAuc(double[] scores, boolean[] positive) {
        check(scores, positive);
        int n = scores.length;
        Integer[] order = order(scores);
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midrank = (i + j) / 2.0 + 1.0;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = midrank;
            }
            i = j + 1;
        }
        long positives = 0;
        double rankSum = 0;
        for (int k = 0; k < n; k++) {
            if (positive[k]) {
                positives++;
                rankSum += ranks[k];
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Area under the precision-recall curve as average precision: the mean, over thresholds at each distinct score
     * from the highest down, of precision weighted by the recall gained there. NaN when there is no positive.
     */
    public static double prAuc(double[] scores, boolean[] positive) {
        check(scores, positive);
        long positives = count(positive);
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = descending(scores);
        double area = 0;
        long truePositives = 0;
        long taken = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            long gained = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                if (positive[order[j]]) {
                    gained++;
                }
                j++;
            }
            truePositives += gained;
            taken += j - i;
            area += (double) gained / positives * ((double) truePositives / taken);
            i = j;
        }
        return area;
    }

    /**
     * The recall at the lowest threshold whose false-positive rate among negatives stays at or below
     * {@code maxFalsePositiveRate}; a threshold is a score value, so equal scores are flagged together.
     */
    public static double recallAtFalsePositiveRate(double[] scores, boolean[] positive, double maxFalsePositiveRate) {
        check(scores, positive);
        if (!(maxFalsePositiveRate >= 0 && maxFalsePositiveRate <= 1)) {
            throw new IllegalArgumentException("Invalid false-positive rate: " + maxFalsePositiveRate + " (expected 0 to 1)");
        }
        long positives = count(positive);
        long negatives = positive.length - positives;
        if (positives == 0) {
            return Double.NaN;
        }
        Integer[] order = descending(scores);
        long truePositives = 0;
        long falsePositives = 0;
        double best = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                if (positive[order[j]]) {
                    truePositives++;
                } else {
                    falsePositives++;
                }
                j++;
            }
            double falsePositiveRate = negatives == 0 ? 0 : (double) falsePositives / negatives;
            if (falsePositiveRate > maxFalsePositiveRate) {
                break;
            }
            best = (double) truePositives / positives;
            i = j;
        }
        return best;
    }

    /** The share of positives among the {@code k} highest scores (ties at the cut broken by input order). */
    public static double precisionAtK(double[] scores, boolean[] positive, int k) {
        check(scores, positive);
        if (k < 1) {
            throw new IllegalArgumentException("Invalid k: " + k + " (expected at least 1)");
        }
        Integer[] order = descending(scores);
        int taken = Math.min(k, order.length);
        if (taken == 0) {
            return Double.NaN;
        }
        long hits = 0;
        for (int i = 0; i < taken; i++) {
            if (positive[order[i]]) {
                hits++;
            }
        }
        return (double) hits / taken;
    }

    /**
     * The lowest threshold {@code t} such that at most {@code rate} of {@code negativeScores} are {@code >= t}: flag a
     * score at or above it and the false-positive rate on these negatives stays within {@code rate}.
     */
    public static double thresholdForFalsePositiveRate(double[] negativeScores, double rate) {
        requireNonNull(negativeScores, "negativeScores is null");
        if (negativeScores.length == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double[] sorted = negativeScores.clone();
        Arrays.sort(sorted);
        long allowed = (long) Math.floor(rate * sorted.length + 1e-9);
        double threshold = Math.nextUp(sorted[sorted.length - 1]);
        int i = sorted.length - 1;
        while (i >= 0) {
            int j = i;
            while (j - 1 >= 0 && sorted[j - 1] == sorted[i]) {
                j--;
            }
            long atOrAbove = sorted.length - j;
            if (atOrAbove > allowed) {
                break;
            }
            threshold = sorted[i];
            i = j - 1;
        }
        return threshold;
    }

    private static long count(boolean[] positive) {
        long count = 0;
        for (boolean value : positive) {
            if (value) {
                count++;
            }
        }
        return count;
    }

    private static Integer[] order(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(index -> scores[index]));
        return order;
    }

    private static Integer[] descending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        return order;
    }

    private static void check(double[] scores, boolean[] positive) {
        requireNonNull(scores, "scores is null");
        requireNonNull(positive, "positive is null");
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("Invalid input: " + scores.length + " scores but " + positive.length + " labels");
        }
        for (double score : scores) {
            if (Double.isNaN(score)) {
                throw new IllegalArgumentException("Invalid score: NaN (expected a number)");
            }
        }
    }
}
