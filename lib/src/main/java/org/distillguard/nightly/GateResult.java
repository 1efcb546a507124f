package org.distillguard.nightly;

import static java.util.Objects.requireNonNull;

/**
 * One data-quality check of a nightly run.
 *
 * @param gate name of the check
 * @param passed whether the date may be published as far as this check goes
 * @param observed what was measured
 * @param limit the bound it was held to, in words
 * @param hint what to look at when it fails
 */
public record GateResult(String gate, boolean passed, String observed, String limit, String hint) {
    public GateResult {
        requireNonNull(gate, "gate is null");
        requireNonNull(observed, "observed is null");
        requireNonNull(limit, "limit is null");
        requireNonNull(hint, "hint is null");
    }

    public String describe() {
        return gate + ": " + observed + " (limit " + limit + ")" + (passed ? "" : ". " + hint);
    }
}
