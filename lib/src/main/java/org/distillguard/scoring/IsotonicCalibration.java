package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Isotonic calibration fitted with pool-adjacent-violators on out-of-fold scores: maps a model score to the share of
 * distilling rows among training rows that scored alike. Between the centres of adjacent pooled blocks the map is
 * linear, so it stays monotone (never decreasing) and keeps most of the score's ranking.
 *
 * @param knots block centres (increasing scores)
 * @param values calibrated probability at each knot (never decreasing)
 */
public record IsotonicCalibration(double[] knots, double[] values) implements Serializable {

    public IsotonicCalibration {
        requireNonNull(knots, "knots is null");
        requireNonNull(values, "values is null");
        if (knots.length == 0 || knots.length != values.length) {
            throw new IllegalArgumentException("Invalid calibration: " + knots.length + " knots and " + values.length + " values");
        }
        for (int i = 1; i < knots.length; i++) {
            if (!(knots[i] >= knots[i - 1]) || !(values[i] >= values[i - 1])) {
                throw new IllegalArgumentException("Invalid calibration: knots and values must not decrease (at knot " + i + ")");
            }
        }
        knots = knots.clone();
        values = values.clone();
    }

    /** The identity on [0, 1], for when there are no labels. */
    public static IsotonicCalibration identity() {
        return new IsotonicCalibration(new double[] {0, 1}, new double[] {0, 1});
    }

    public static IsotonicCalibration fit(double[] scores, int[] labels) {
        if (scores.length != labels.length || scores.length == 0) {
            throw new IllegalArgumentException("Cannot calibrate: " + scores.length + " scores and " + labels.length + " labels");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(index -> scores[index]));
        // Blocks: sum of labels, weight, sum of scores. Equal scores start in one block.
        List<double[]> blocks = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            double[] last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
            if (last != null && last[3] == scores[i]) {
                last[0] += labels[i];
                last[1] += 1;
                last[2] += scores[i];
            } else {
                blocks.add(new double[] {labels[i], 1, scores[i], scores[i]});
            }
            while (blocks.size() > 1) {
                double[] right = blocks.get(blocks.size() - 1);
                double[] left = blocks.get(blocks.size() - 2);
                if (left[0] / left[1] <= right[0] / right[1]) {
                    break;
                }
                left[0] += right[0];
                left[1] += right[1];
                left[2] += right[2];
                left[3] = right[3];
                blocks.remove(blocks.size() - 1);
            }
        }
        double[] knots = new double[blocks.size()];
        double[] values = new double[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            double[] block = blocks.get(b);
            knots[b] = block[2] / block[1];
            values[b] = block[0] / block[1];
        }
        for (int b = 1; b < knots.length; b++) {
            knots[b] = Math.max(knots[b], knots[b - 1]);
        }
        return new IsotonicCalibration(knots, values);
    }

    /** The calibrated probability of {@code score}. */
    public double apply(double score) {
        if (Double.isNaN(score)) {
            return Double.NaN;
        }
        if (score <= knots[0]) {
            return values[0];
        }
        int last = knots.length - 1;
        if (score >= knots[last]) {
            return values[last];
        }
        int index = Arrays.binarySearch(knots, score);
        if (index >= 0) {
            return values[index];
        }
        int high = -index - 1;
        int low = high - 1;
        double span = knots[high] - knots[low];
        double t = span > 0 ? (score - knots[low]) / span : 1;
        return values[low] + t * (values[high] - values[low]);
    }
}
