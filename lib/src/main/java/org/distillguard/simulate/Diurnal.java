package org.distillguard.simulate;

/**
 * Relative request intensity per local hour of day, and how much weekends lower it. Humans follow the clock;
 * machines (batch jobs, bulk distillers) run flat around the clock, which is itself a signal only when
 * legitimate flat traffic exists too.
 */
public enum Diurnal {
    FLAT(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1.0),
    OFFICE(new double[] {0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, 0.5, 1.0, 1.3, 1.4, 1.3, 0.9, 1.2, 1.4, 1.3, 1.1, 0.8, 0.5, 0.35, 0.3, 0.2, 0.12, 0.08}, 0.25),
    CONSUMER(new double[] {0.35, 0.22, 0.15, 0.1, 0.1, 0.15, 0.3, 0.55, 0.8, 0.95, 1.0, 1.05, 1.1, 1.05, 1.0, 1.0, 1.05, 1.1, 1.2, 1.3, 1.35, 1.2, 0.9, 0.6}, 1.1),
    EVENING(new double[] {0.5, 0.25, 0.1, 0.05, 0.03, 0.03, 0.08, 0.2, 0.35, 0.4, 0.45, 0.5, 0.6, 0.55, 0.5, 0.5, 0.6, 0.8, 1.1, 1.4, 1.6, 1.6, 1.3, 0.9}, 1.4);

    private final double[] hourlyWeights;
    private final double weekendFactor;

    Diurnal(double[] hourlyWeights, double weekendFactor) {
        this.hourlyWeights = hourlyWeights;
        this.weekendFactor = weekendFactor;
    }

    double weight(int localHour) {
        return hourlyWeights[Math.floorMod(localHour, 24)];
    }

    double weekendFactor() {
        return weekendFactor;
    }
}
