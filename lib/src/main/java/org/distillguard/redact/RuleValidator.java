package org.distillguard.redact;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An extra check a regex cannot express, run on the secret span of each match. */
public enum RuleValidator {
    /** No extra check. */
    NONE("none") {
        @Override
        boolean accepts(CharSequence text, int start, int end) {
            return true;
        }
    },
    /** Payment card numbers: 13 to 19 digits whose Luhn checksum is valid. */
    LUHN("luhn") {
        @Override
        boolean accepts(CharSequence text, int start, int end) {
            int digits = 0;
            int sum = 0;
            for (int i = end - 1; i >= start; i--) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    continue;
                }
                int value = c - '0';
                if ((digits & 1) == 1) {
                    value *= 2;
                    if (value > 9) {
                        value -= 9;
                    }
                }
                sum += value;
                digits++;
            }
            return digits >= 13 && digits <= 19 && sum % 10 == 0;
        }
    },
    /** Phone numbers: 8 to 15 digits (the E.164 maximum), not all the same digit. */
    PHONE("phone") {
        @Override
        boolean accepts(CharSequence text, int start, int end) {
            int digits = 0;
            char first = 0;
            boolean allSame = true;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    continue;
                }
                if (digits == 0) {
                    first = c;
                }
                else if (c != first) {
                    allSame = false;
                }
                digits++;
            }
            return digits >= 8 && digits <= 15 && !allSame;
        }
    };

    private final String yamlName;

    RuleValidator(String yamlName) {
        this.yamlName = yamlName;
    }

    abstract boolean accepts(CharSequence text, int start, int end);

    /** Fewest ASCII digits a span this validator accepts holds (0 if it does not count digits). */
    int minDigits() {
        return switch (this) {
            case NONE -> 0;
            case LUHN -> 13;
            case PHONE -> 8;
        };
    }

    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    @JsonCreator
    public static RuleValidator fromYamlName(String name) {
        for (RuleValidator validator : values()) {
            if (validator.yamlName.equals(name)) {
                return validator;
            }
        }
        throw new IllegalArgumentException("Invalid rule validator: " + name + " (expected luhn or phone)");
    }
}
