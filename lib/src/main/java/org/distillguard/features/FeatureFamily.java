package org.distillguard.features;

/** The feature families of the design (§3); coordination features come from the coordination stage. */
public enum FeatureFamily {
    VOLUME("volume", "bulk scrapers from light users"),
    TIMING("timing", "scripts from people; sudden shifts"),
    DIVERSITY("diversity", "systematic sweeps from narrow batch jobs and from people"),
    HARVESTING("harvesting", "output harvesting from ordinary use"),
    INFRASTRUCTURE("infrastructure", "proxy networks, new throwaway accounts");

    private final String text;
    private final String separates;

    FeatureFamily(String text, String separates) {
        this.text = text;
        this.separates = separates;
    }

    public String text() {
        return text;
    }

    public String separates() {
        return separates;
    }
}
