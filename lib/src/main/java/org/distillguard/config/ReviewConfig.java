package org.distillguard.config;

/**
 * The analysts' side: how long the daily review queue is, what the report shows, and where the verdict server
 * listens.
 *
 * @param capacity accounts an analyst team reviews in a day; the queue is cut at this many rows
 * @param accountSections flagged accounts (from the top of the queue) that get their own evidence section in the report
 * @param snippetsPerAccount redacted prompt snippets shown per account
 * @param snippetChars a snippet is cut to this many characters
 * @param maxNoteChars longest note an analyst may attach to a verdict
 * @param bind address the verdict server listens on; anything but loopback needs {@code --bind} on the command line
 * @param port port of the verdict server; 0 picks a free one
 */
public record ReviewConfig(int capacity, int accountSections, int snippetsPerAccount, int snippetChars, int maxNoteChars,
        String bind, int port) implements java.io.Serializable {

    public static final int CAPACITY_DEFAULT = 200;
    public static final int ACCOUNT_SECTIONS_DEFAULT = 50;
    public static final int SNIPPETS_PER_ACCOUNT_DEFAULT = 3;
    public static final int SNIPPET_CHARS_DEFAULT = 160;
    public static final int MAX_NOTE_CHARS_DEFAULT = 500;
    public static final String BIND_DEFAULT = "127.0.0.1";
    public static final int PORT_DEFAULT = 0;

    public ReviewConfig {
        ConfigChecks.requireRange("review.capacity", capacity, 1, 100_000);
        ConfigChecks.requireRange("review.account-sections", accountSections, 0, 10_000);
        ConfigChecks.requireRange("review.snippets-per-account", snippetsPerAccount, 0, 50);
        ConfigChecks.requireRange("review.snippet-chars", snippetChars, 10, 10_000);
        ConfigChecks.requireRange("review.max-note-chars", maxNoteChars, 1, 10_000);
        ConfigChecks.requireText("review.bind", bind);
        ConfigChecks.requireRange("review.port", port, 0, 65_535);
    }

    public static ReviewConfig defaults() {
        return new ReviewConfig(CAPACITY_DEFAULT, ACCOUNT_SECTIONS_DEFAULT, SNIPPETS_PER_ACCOUNT_DEFAULT,
                SNIPPET_CHARS_DEFAULT, MAX_NOTE_CHARS_DEFAULT, BIND_DEFAULT, PORT_DEFAULT);
    }
}
