package org.distillguard.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A rule's condition: either one comparison ({@code feature op value}) or a combination of conditions ({@code all}
 * of them or {@code any} of them). Exactly one of the three forms per node.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(String feature, Comparison op, Double value, List<Condition> all, List<Condition> any)
        implements Serializable {

    public Condition {
        int forms = (feature != null || op != null || value != null ? 1 : 0) + (all != null ? 1 : 0) + (any != null ? 1 : 0);
        if (forms != 1) {
            throw new IllegalArgumentException("Invalid condition: expected exactly one of {feature, op, value}, all or any");
        }
        if (all == null && any == null) {
            if (feature == null || feature.isBlank() || op == null || value == null) {
                throw new IllegalArgumentException("Invalid condition on feature " + feature
                        + ": a comparison needs feature, op and value");
            }
        }
        if (all != null) {
            if (all.isEmpty()) {
                throw new IllegalArgumentException("Invalid condition: 'all' is empty");
            }
            all = List.copyOf(all);
        }
        if (any != null) {
            if (any.isEmpty()) {
                throw new IllegalArgumentException("Invalid condition: 'any' is empty");
            }
            any = List.copyOf(any);
        }
    }

    public static Condition compare(String feature, Comparison op, double value) {
        return new Condition(feature, op, value, null, null);
    }

    public static Condition allOf(Condition... conditions) {
        return new Condition(null, null, null, List.of(conditions), null);
    }

    public static Condition anyOf(Condition... conditions) {
        return new Condition(null, null, null, null, List.of(conditions));
    }

    /** Whether the condition holds for a row whose feature values {@code values} gives (NaN when missing). */
    public boolean test(ToDoubleFunction<String> values) {
        if (all != null) {
            return all.stream().allMatch(condition -> condition.test(values));
        }
        if (any != null) {
            return any.stream().anyMatch(condition -> condition.test(values));
        }
        return op.test(values.applyAsDouble(feature), value);
    }

    /** Every feature the condition reads. */
    public Set<String> features() {
        Set<String> features = new LinkedHashSet<>();
        collect(features);
        return features;
    }

    private void collect(Set<String> into) {
        List<Condition> children = all != null ? all : any != null ? any : new ArrayList<>();
        if (feature != null) {
            into.add(feature);
        }
        for (Condition child : children) {
            child.collect(into);
        }
    }
}
