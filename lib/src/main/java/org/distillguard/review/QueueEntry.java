package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One row of the review queue.
 *
 * @param rank position in the queue, from 1
 * @param reasons reason codes, most important first
 * @param reasonsInWords the top reasons as an analyst reads them
 * @param clusterId the account's cluster, or null when it acts alone
 * @param clusterSize members of that cluster (0 without one), all of them, not only those in the queue
 * @param daysFlagged consecutive published days, ending with this one, on which the account was flagged
 */
public record QueueEntry(int rank, String accountId, double riskScore, String tier, List<String> reasons,
        String reasonsInWords, String clusterId, int clusterSize, int daysFlagged) {

    public QueueEntry {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(tier, "tier is null");
        reasons = List.copyOf(reasons);
        requireNonNull(reasonsInWords, "reasonsInWords is null");
        if (rank < 1) {
            throw new IllegalArgumentException("Invalid rank: " + rank + " (expected at least 1)");
        }
        if (daysFlagged < 1) {
            throw new IllegalArgumentException("Invalid days flagged for " + accountId + ": " + daysFlagged + " (expected at least 1)");
        }
    }
}
