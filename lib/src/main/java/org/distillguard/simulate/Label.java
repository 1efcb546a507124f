package org.distillguard.simulate;

/** Ground-truth label of an account, spelled as in the truth file ({@code distill} or {@code benign}). */
public enum Label {
    DISTILL("distill"),
    BENIGN("benign");

    private final String text;

    Label(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
