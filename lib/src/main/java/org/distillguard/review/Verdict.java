package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One analyst verdict, one line of the labels store.
 *
 * @param date the published date whose queue the analyst was reviewing, or null from the command line
 * @param score the account's risk score when the verdict was given, or null when it was not scored that day
 * @param modelId the model that produced that score, or null
 */
public record Verdict(String accountId, VerdictLabel label, String analyst, Instant time, String note, String date,
        Double score, String modelId) {

    /** Longest account id accepted; ids are short tokens, anything longer is not one of ours. */
    public static final int MAX_ACCOUNT_CHARS = 200;
    /** Hard ceiling on a note whatever the configuration says. */
    public static final int MAX_NOTE_CHARS = 10_000;

    public Verdict {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(label, "label is null");
        requireNonNull(analyst, "analyst is null");
        requireNonNull(time, "time is null");
        note = note == null ? "" : note;
        if (accountId.isBlank() || accountId.length() > MAX_ACCOUNT_CHARS) {
            throw new IllegalArgumentException("Invalid account id: " + accountId.length()
                    + " characters (expected 1 to " + MAX_ACCOUNT_CHARS + ")");
        }
        if (analyst.isBlank()) {
            throw new IllegalArgumentException("Invalid analyst: empty (give --analyst NAME)");
        }
        if (note.length() > MAX_NOTE_CHARS) {
            throw new IllegalArgumentException("Invalid note: " + note.length() + " characters (expected at most "
                    + MAX_NOTE_CHARS + ")");
        }
        if (score != null && Double.isNaN(score)) {
            score = null;
        }
    }
}
