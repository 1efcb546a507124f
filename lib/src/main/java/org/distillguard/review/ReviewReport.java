package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Everything {@code report.html} shows for one published date. */
public record ReviewReport(NightSummary summary, ModelInfo model, ReviewQueue queue, List<AccountEvidence> accounts,
        List<ClusterEvidence> clusters) {

    public ReviewReport {
        requireNonNull(summary, "summary is null");
        requireNonNull(model, "model is null");
        requireNonNull(queue, "queue is null");
        accounts = List.copyOf(accounts);
        clusters = List.copyOf(clusters);
    }
}
