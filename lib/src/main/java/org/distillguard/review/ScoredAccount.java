package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One account's row of the scores table, as the review reads it.
 *
 * @param clusterId the cluster the scoring stage saw the account in, or null
 * @param explanation the scorer's own sentence, or null
 */
public record ScoredAccount(String accountId, double riskScore, String tier, List<String> reasons, String clusterId,
        String explanation) {

    public ScoredAccount {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(tier, "tier is null");
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        if (Double.isNaN(riskScore)) {
            throw new IllegalArgumentException("Invalid risk score for " + accountId + ": NaN");
        }
    }

    /** Whether an analyst should see the account at all: tier review or watch. */
    public boolean flagged() {
        return ReviewTables.TIER_REVIEW.equals(tier) || ReviewTables.TIER_WATCH.equals(tier);
    }
}
