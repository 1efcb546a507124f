package org.distillguard.eval;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One account's score beside its truth.
 *
 * @param accountId the account
 * @param score the risk score (higher is more suspicious)
 * @param tier the tier the scorer gave ({@code review}, {@code watch} or {@code ok})
 * @param distilling the truth: whether the account distills
 * @param kind the behaviour in the truth file, e.g. {@code hydra-member} (empty when unknown)
 * @param clusterId the attack cluster in the truth file, when the account belongs to one
 */
public record AccountOutcome(String accountId, double score, String tier, boolean distilling, String kind,
        Optional<String> clusterId) {

    public AccountOutcome {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(tier, "tier is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(clusterId, "clusterId is null");
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("Invalid score for account " + accountId + ": NaN (expected a number)");
        }
    }
}
