package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

/**
 * Where a secret or PII was found: {@code text[start, end)}. Holds positions only, never the secret, so it is safe to
 * log; use {@link Redactor#secret(String, Finding)} to read the secret for fingerprinting.
 */
public record Finding(String ruleId, RuleCategory category, int start, int end) {
    public Finding {
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(category, "category is null");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("Invalid finding span: [" + start + ", " + end + ") (expected 0 <= start < end)");
        }
    }

    public int length() {
        return end - start;
    }
}
