package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * The population's distribution of each feature as 101 quantiles (0%, 1%, …, 100%), from the bounded fit sample:
 * enough to say "99th percentile; typical 3 to 40" in an explanation without keeping the sample.
 */
public record FeatureDistribution(List<String> features, double[][] quantiles) implements Serializable {

    public static final int POINTS = 101;
    public static final double TYPICAL_LOW = 0.05;
    public static final double TYPICAL_HIGH = 0.95;

    public FeatureDistribution {
        features = List.copyOf(features);
        requireNonNull(quantiles, "quantiles is null");
        if (quantiles.length != features.size()) {
            throw new IllegalArgumentException("Invalid distribution: " + quantiles.length + " quantile rows for "
                    + features.size() + " features");
        }
    }

    public static FeatureDistribution fit(List<String> features, double[][] rows) {
        double[][] quantiles = new double[features.size()][];
        for (int j = 0; j < features.size(); j++) {
            double[] column = RobustScaler.column(rows, j);
            quantiles[j] = new double[POINTS];
            for (int p = 0; p < POINTS; p++) {
                quantiles[j][p] = RobustScaler.quantile(column, p / 100.0);
            }
        }
        return new FeatureDistribution(features, quantiles);
    }

    /** The share of the population at or below {@code value}, in percent (0 to 100); NaN when unknown. */
    public double percentile(int feature, double value) {
        double[] grid = quantiles[feature];
        if (Double.isNaN(value) || Double.isNaN(grid[0])) {
            return Double.NaN;
        }
        int below = 0;
        while (below < POINTS && grid[below] <= value) {
            below++;
        }
        if (below == 0) {
            return 0;
        }
        // Among equal grid points (a feature that is mostly 0) report the middle of the tied run.
        int first = below - 1;
        while (first > 0 && grid[first - 1] == grid[below - 1]) {
            first--;
        }
        return (first + below - 1) / 2.0;
    }

    public double typicalLow(int feature) {
        return quantiles[feature][(int) Math.round(TYPICAL_LOW * 100)];
    }

    public double typicalHigh(int feature) {
        return quantiles[feature][(int) Math.round(TYPICAL_HIGH * 100)];
    }
}
