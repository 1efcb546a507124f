package org.distillguard.redact;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a rule protects: a credential, or personal data about a user. */
public enum RuleCategory {
    SECRET("secret"),
    PII("pii");

    private final String yamlName;

    RuleCategory(String yamlName) {
        this.yamlName = yamlName;
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    @JsonCreator
    public static RuleCategory fromYamlName(String name) {
        for (RuleCategory category : values()) {
            if (category.yamlName.equals(name)) {
                return category;
            }
        }
        throw new IllegalArgumentException("Invalid rule category: " + name + " (expected secret or pii)");
    }
}
