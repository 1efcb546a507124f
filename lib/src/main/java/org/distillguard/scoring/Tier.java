package org.distillguard.scoring;

/** Where an account goes: the analysts' review queue, a watch list, or nowhere. */
public enum Tier {
    REVIEW("review"),
    WATCH("watch"),
    OK("ok");

    private final String text;

    Tier(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
