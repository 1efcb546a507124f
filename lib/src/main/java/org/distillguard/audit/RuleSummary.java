package org.distillguard.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the audit found for one rule (one kind of secret or PII).
 *
 * @param ruleId the rule's id, as in {@code conf/secret-rules.yaml}
 * @param category {@code secret} or {@code pii}
 * @param occurrences every time a value of this kind was found
 * @param distinctValues distinct values (by fingerprint)
 * @param accounts distinct accounts whose records hold one
 * @param records records holding at least one
 * @param shareOfRecords {@code records} divided by the records scanned
 * @param firstSeen time of the earliest dated record holding one, or null
 * @param lastSeen time of the latest dated record holding one, or null
 * @param where occurrences by where they sit: {@code system}, {@code user}, {@code tool}, {@code assistant-history},
 *     {@code response}, {@code other}, {@code unparsed}
 */
public record RuleSummary(String ruleId, String category, long occurrences, long distinctValues, long accounts,
        long records, double shareOfRecords, Instant firstSeen, Instant lastSeen, Map<String, Long> where) {
    public RuleSummary {
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(category, "category is null");
        where = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(where, "where is null")));
        if (occurrences < 0 || distinctValues < 0 || accounts < 0 || records < 0) {
            throw new IllegalArgumentException("Invalid rule summary for " + ruleId + ": negative count (expected 0 or more)");
        }
    }
}
