package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Centers each feature on its median and divides by its inter-quartile range, so one huge account does not set the
 * scale. A feature with no spread between the quartiles is divided by its 5-95% range, else by 1. Missing values
 * become the median (0 after scaling).
 */
public record RobustScaler(double[] medians, double[] scales) implements Serializable {

    public RobustScaler {
        requireNonNull(medians, "medians is null");
        requireNonNull(scales, "scales is null");
        if (medians.length != scales.length) {
            throw new IllegalArgumentException("Invalid scaler: " + medians.length + " medians but " + scales.length + " scales");
        }
        medians = medians.clone();
        scales = scales.clone();
    }

    /** Fits on rows (each row in feature order; NaN for missing values). */
    public static RobustScaler fit(double[][] rows, int features) {
        double[] medians = new double[features];
        double[] scales = new double[features];
        for (int j = 0; j < features; j++) {
            double[] column = column(rows, j);
            if (column.length == 0) {
                medians[j] = 0;
                scales[j] = 1;
                continue;
            }
            medians[j] = quantile(column, 0.5);
            double spread = quantile(column, 0.75) - quantile(column, 0.25);
            if (!(spread > 0)) {
                spread = quantile(column, 0.95) - quantile(column, 0.05);
            }
            scales[j] = spread > 0 ? spread : 1;
        }
        return new RobustScaler(medians, scales);
    }

    /** The values of feature {@code j} that are present, sorted. */
    static double[] column(double[][] rows, int j) {
        return Arrays.stream(rows).mapToDouble(row -> row[j]).filter(value -> !Double.isNaN(value)).sorted().toArray();
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    public double[] transform(double[] values) {
        double[] scaled = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            scaled[j] = Double.isNaN(values[j]) ? 0 : (values[j] - medians[j]) / scales[j];
        }
        return scaled;
    }

    /** Values with missing ones replaced by the median (for models that cannot take NaN). */
    public double[] impute(double[] values) {
        double[] filled = values.clone();
        for (int j = 0; j < filled.length; j++) {
            if (Double.isNaN(filled[j])) {
                filled[j] = medians[j];
            }
        }
        return filled;
    }

    public double median(int feature) {
        return medians[feature];
    }
}
