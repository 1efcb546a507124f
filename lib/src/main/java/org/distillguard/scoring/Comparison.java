package org.distillguard.scoring;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A typed comparison of a feature value with a constant. A missing value (null, NaN) never matches. */
public enum Comparison {
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    EQUAL("=="),
    NOT_EQUAL("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    @JsonValue
    public String symbol() {
        return symbol;
    }

    @JsonCreator
    public static Comparison fromSymbol(String symbol) {
        for (Comparison comparison : values()) {
            if (comparison.symbol.equals(symbol)) {
                return comparison;
            }
        }
        throw new IllegalArgumentException("Invalid operator: '" + symbol + "' (expected one of "
                + Arrays.stream(values()).map(Comparison::symbol).collect(Collectors.joining(" ")) + ")");
    }

    public boolean test(double value, double constant) {
        if (Double.isNaN(value)) {
            return false;
        }
        return switch (this) {
            case GREATER -> value > constant;
            case GREATER_OR_EQUAL -> value >= constant;
            case LESS -> value < constant;
            case LESS_OR_EQUAL -> value <= constant;
            case EQUAL -> value == constant;
            case NOT_EQUAL -> value != constant;
        };
    }
}
