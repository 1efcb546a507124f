package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transparent rule: when {@code when} holds, the account gets reason {@code code} with {@code weight}, and the
 * analyst reads {@code sentence} with each {@code {feature}} placeholder replaced by the account's value.
 *
 * @param id unique name of the rule in the file (several rules may give the same reason code)
 * @param code reason code, upper case with underscores, e.g. {@code TEMPLATE_SWEEP}
 * @param weight in (0, 1]: the rule score is {@code 1 - prod(1 - weight)} over the rules that fire
 * @param sentence plain words for the analyst
 * @param when the condition
 */
public record Rule(String id, String code, double weight, String sentence, Condition when) implements Serializable {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_]+)}");

    public Rule {
        requireNonNull(id, "id is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("Invalid rule id: blank");
        }
        requireNonNull(code, "code is null");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("Invalid reason code in rule " + id + ": '" + code
                    + "' (expected upper case and underscores, e.g. TEMPLATE_SWEEP)");
        }
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("Invalid weight in rule " + id + ": " + weight + " (expected more than 0, at most 1)");
        }
        requireNonNull(sentence, "sentence is null");
        requireNonNull(when, "rule " + id + " has no 'when' condition");
    }

    /** Features read by the condition and by the sentence. */
    public Set<String> features() {
        Set<String> features = new LinkedHashSet<>(when.features());
        Matcher matcher = PLACEHOLDER.matcher(sentence);
        while (matcher.find()) {
            features.add(matcher.group(1));
        }
        return features;
    }

    public boolean fires(ToDoubleFunction<String> values) {
        return when.test(values);
    }

    /** The sentence with each {@code {feature}} replaced by the formatted value. */
    public String explain(ToDoubleFunction<String> values) {
        Matcher matcher = PLACEHOLDER.matcher(sentence);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String feature = matcher.group(1);
            matcher.appendReplacement(out, Matcher.quoteReplacement(formatValue(feature, values.applyAsDouble(feature))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A value in words: shares and rates as percentages, counts with separators, the rest with two decimals. */
    public static String formatValue(String feature, double value) {
        if (Double.isNaN(value)) {
            return "unknown";
        }
        boolean share = feature.endsWith("_share") || feature.endsWith("_ratio") || feature.endsWith("_rate");
        if (share && value >= 0 && value <= 1) {
            return String.format(Locale.ROOT, "%.0f%%", value * 100);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
