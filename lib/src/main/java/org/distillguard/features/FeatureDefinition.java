package org.distillguard.features;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One feature, defined once: its output column name, family, unit, one-line meaning and how it rolls into windows.
 */
public record FeatureDefinition(String name, FeatureFamily family, String unit, String meaning, Rolling rolling) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public FeatureDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(family, "family is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(meaning, "meaning is null");
        requireNonNull(rolling, "rolling is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid feature name: " + name + " (expected snake_case, e.g. cot_share)");
        }
        if (unit.isBlank() || meaning.isBlank()) {
            throw new IllegalArgumentException("Invalid feature definition: " + name + " needs a unit and a meaning");
        }
        if (meaning.contains("\n") || meaning.contains("|")) {
            throw new IllegalArgumentException("Invalid feature meaning for " + name + ": one line without '|' expected");
        }
    }
}
