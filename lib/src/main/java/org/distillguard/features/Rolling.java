package org.distillguard.features;

/** How a feature is carried into the 7- and 28-day windows built from merged daily states. */
public enum Rolling {
    /** Merged states give exactly the value computed from the window's events. */
    EXACT("exact"),
    /** Merged from sketches (HyperLogLog, frequent items): equal to the direct value up to the sketch's error. */
    APPROXIMATE("approximate"),
    /** Defined on one day's ordering of requests, or against a baseline: in the daily table only. */
    DAILY_ONLY("daily only");

    private final String text;

    Rolling(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
