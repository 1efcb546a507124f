package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mutable count of redactions per rule id. Callers on hot paths keep one per task, {@link #reset()} it per record
 * and {@link #merge(RedactionCounts)} it into a total. Not thread-safe.
 */
public final class RedactionCounts {
    private final TreeMap<String, long[]> counts = new TreeMap<>();
    private long total;

    public void increment(String ruleId) {
        add(ruleId, 1);
    }

    public void add(String ruleId, long count) {
        requireNonNull(ruleId, "ruleId is null");
        if (count < 0) {
            throw new IllegalArgumentException("Invalid redaction count: " + count + " (expected >= 0)");
        }
        if (count == 0) {
            return;
        }
        counts.computeIfAbsent(ruleId, id -> new long[1])[0] += count;
        total += count;
    }

    public long count(String ruleId) {
        long[] count = counts.get(ruleId);
        return count == null ? 0 : count[0];
    }

    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** Adds every count of {@code other} to this one. */
    public RedactionCounts merge(RedactionCounts other) {
        requireNonNull(other, "other is null");
        other.counts.forEach((id, count) -> add(id, count[0]));
        return this;
    }

    public void reset() {
        counts.clear();
        total = 0;
    }

    /** A snapshot, sorted by rule id. */
    public Map<String, Long> asMap() {
        TreeMap<String, Long> snapshot = new TreeMap<>();
        counts.forEach((id, count) -> snapshot.put(id, count[0]));
        return Collections.unmodifiableMap(snapshot);
    }

    @Override
    public String toString() {
        return "RedactionCounts" + asMap();
    }
}
