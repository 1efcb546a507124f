package org.distillguard.cli;

/** Who records a verdict: the name given, else the operating-system user. */
final class Analysts {
    private Analysts() {}

    static String name(String given) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        String user = System.getProperty("user.name");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("Cannot tell who the analyst is: give --analyst NAME");
        }
        return user;
    }
}
