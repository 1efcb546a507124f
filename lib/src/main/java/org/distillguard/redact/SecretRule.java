package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One kind of secret or personal data, as written in {@code conf/secret-rules.yaml}.
 *
 * @param id kebab-case kind, used in the redaction marker {@code [REDACTED:<id>]} and in the counts
 * @param description one line for operators
 * @param regex Java regex; quantifiers should be bounded
 * @param keywords lower-case ASCII prefilter: the regex runs only if the lower-cased text contains one of them;
 *     empty means always run
 * @param secretGroup the capture group holding the secret; 0 is the whole match
 * @param minEntropy Shannon entropy in bits per character the secret must reach; 0 disables the check
 * @param keepLastFour whether the marker may show the last four characters of the secret (payment cards)
 * @param category secret or pii
 * @param validator extra check on the secret span; {@link RuleValidator#NONE} when absent
 * @param examples texts this rule must find (checked by the tests)
 * @param nearMisses texts this rule must not find (checked by the tests)
 */
public record SecretRule(
        String id,
        String description,
        String regex,
        List<String> keywords,
        @JsonProperty("secret-group") int secretGroup,
        @JsonProperty("min-entropy") double minEntropy,
        @JsonProperty("keep-last-four") boolean keepLastFour,
        RuleCategory category,
        RuleValidator validator,
        List<String> examples,
        @JsonProperty("near-misses") List<String> nearMisses)
        implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern LOWER_CASE_ASCII = Pattern.compile("[\\x20-\\x40\\x5b-\\x7e]+");

    public SecretRule {
        requireNonNull(id, "id is null");
        if (!KEBAB_CASE.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid secret rule id: '" + id + "' (expected kebab-case, e.g. aws-access-key)");
        }
        requireNonNull(description, "description is null");
        requireNonNull(regex, "regex is null");
        requireNonNull(category, "category is null");
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        validator = validator == null ? RuleValidator.NONE : validator;
        examples = examples == null ? List.of() : List.copyOf(examples);
        nearMisses = nearMisses == null ? List.of() : List.copyOf(nearMisses);

        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        }
        catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "Invalid secret rule '" + id + "': " + e.getDescription() + " near index " + e.getIndex() + " of the regex", e);
        }
        int groups = pattern.matcher("").groupCount();
        if (secretGroup < 0 || secretGroup > groups) {
            throw new IllegalArgumentException("Invalid secret rule '" + id + "': secret-group " + secretGroup
                    + " (expected 0 to " + groups + ", the number of groups in the regex)");
        }
        if (!(minEntropy >= 0.0 && minEntropy <= 16.0)) {
            throw new IllegalArgumentException(
                    "Invalid secret rule '" + id + "': min-entropy " + minEntropy + " (expected 0 to 16 bits per character)");
        }
        for (String keyword : keywords) {
            if (keyword == null || !LOWER_CASE_ASCII.matcher(keyword).matches()) {
                throw new IllegalArgumentException("Invalid secret rule '" + id + "': keyword '" + keyword
                        + "' (expected a non-empty lower-case ASCII string)");
            }
        }
    }

    /** Convenience for rules built in code: no entropy check, no validator, no examples. */
    public static SecretRule of(String id, String regex, List<String> keywords, RuleCategory category) {
        return new SecretRule(id, id, regex, keywords, 0, 0.0, false, category, RuleValidator.NONE, List.of(), List.of());
    }

    Pattern compile() {
        return Pattern.compile(regex);
    }
}
