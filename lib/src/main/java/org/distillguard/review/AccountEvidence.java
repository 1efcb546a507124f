package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the report shows for one flagged account. Every string here may be attacker-controlled and is escaped when
 * rendered; snippets are already redacted at ingest and shortened here.
 *
 * @param hourly requests per UTC hour of the day, 24 values
 * @param promptTokens requests per prompt-length bucket (bucket b holds lengths in [2^b − 1, 2^(b+1) − 1))
 * @param completionTokens the same for completion lengths
 */
public record AccountEvidence(String accountId, String explanation, List<Long> hourly, List<FeaturePercentile> features,
        List<Long> promptTokens, List<Long> completionTokens, List<String> skeletons, List<String> snippets,
        List<String> userAgents, List<String> sourceFiles, List<String> linkedAccounts) {

    public static final int HOURS = 24;
    public static final int TOKEN_BUCKETS = 18;

    public AccountEvidence {
        requireNonNull(accountId, "accountId is null");
        hourly = List.copyOf(hourly);
        if (hourly.size() != HOURS) {
            throw new IllegalArgumentException("Invalid hourly activity for " + accountId + ": " + hourly.size() + " values (expected 24)");
        }
        features = List.copyOf(features);
        promptTokens = List.copyOf(promptTokens);
        completionTokens = List.copyOf(completionTokens);
        skeletons = List.copyOf(skeletons);
        snippets = List.copyOf(snippets);
        userAgents = List.copyOf(userAgents);
        sourceFiles = List.copyOf(sourceFiles);
        linkedAccounts = List.copyOf(linkedAccounts);
    }
}
