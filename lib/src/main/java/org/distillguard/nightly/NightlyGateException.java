package org.distillguard.nightly;

import java.util.List;
import java.util.stream.Collectors;

/** A date was not published because a data-quality gate failed; the previous publication is untouched. */
public final class NightlyGateException extends RuntimeException {

    private final transient List<GateResult> failed;

    public NightlyGateException(String date, List<GateResult> failed, String keptAt) {
        super("Cannot publish " + date + ": " + failed.size() + " quality gate(s) failed: "
                + failed.stream().map(GateResult::describe).collect(Collectors.joining("; "))
                + ". The previous publication of " + date + " is untouched; this run's output is kept at " + keptAt + ".");
        this.failed = List.copyOf(failed);
    }

    public List<GateResult> failed() {
        return failed;
    }
}
