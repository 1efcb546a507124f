package org.distillguard.config;

/**
 * Which secret and PII rules the redactor uses.
 *
 * @param extraRulesFile an operator's own rules (YAML, same shape as {@code conf/secret-rules.yaml}), merged after
 *     the shipped rules; a rule with the same id replaces the shipped one. Empty for none.
 */
public record RedactionConfig(String extraRulesFile) implements java.io.Serializable {

    public static final String EXTRA_RULES_FILE_DEFAULT = "";

    public RedactionConfig {
        extraRulesFile = extraRulesFile == null ? "" : extraRulesFile.strip();
    }

    public static RedactionConfig defaults() {
        return new RedactionConfig(EXTRA_RULES_FILE_DEFAULT);
    }
}
