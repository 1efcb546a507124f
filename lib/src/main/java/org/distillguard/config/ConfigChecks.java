package org.distillguard.config;

/** Range checks shared by the config records, with messages that name the key, the value and the range. */
final class ConfigChecks {
    private ConfigChecks() {}

    static void requireRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Invalid config value for " + key + ": " + value + " (expected " + min + " to " + max + ")");
        }
    }

    static void requireRange(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    "Invalid config value for " + key + ": " + value + " (expected " + min + " to " + max + ")");
        }
    }

    static String requireText(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Invalid config value for " + key + ": empty (expected a value)");
        }
        return value;
    }
}
