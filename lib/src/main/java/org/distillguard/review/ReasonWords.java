package org.distillguard.review;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Reason codes of the scoring and coordination stages in the words an analyst reads. */
public final class ReasonWords {

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("COT_ELICITATION", "asks for step-by-step reasoning in most prompts"),
            Map.entry("TEMPLATE_SWEEP", "fills the same prompt templates over and over"),
            Map.entry("LOGPROB_HARVEST", "collects log-probabilities or several completions per prompt"),
            Map.entry("OUTPUT_HARVEST", "requests long outputs near the token limit with little conversation"),
            Map.entry("HYDRA_CLUSTER", "coordinates with other accounts (shared templates, infrastructure, schedule)"),
            Map.entry("VOLUME_SPIKE_VS_BASELINE", "volume far above its own baseline"),
            Map.entry("NEW_ACCOUNT_BURST", "new account with a burst of traffic"),
            Map.entry("ROUND_THE_CLOCK", "active around the clock, unlike a person"),
            Map.entry("CAPABILITY_SWEEP", "walks systematically through capability areas"),
            Map.entry("ANOMALY", "unusual compared with similar accounts"),
            Map.entry("MODEL", "the trained model rates it like known distillers"),
            Map.entry("SHARED_TEMPLATES", "shares prompt templates with other accounts"),
            Map.entry("SHARED_INFRASTRUCTURE", "shares networks, user agents or payment cards with other accounts"),
            Map.entry("SYNCHRONIZED_ACTIVITY", "takes turns on one schedule with other accounts"));

    private ReasonWords() {}

    /** One code in words; an unknown code is shown as lower-case words rather than dropped. */
    public static String describe(String code) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String words = WORDS.get(code.strip().toUpperCase(Locale.ROOT));
        return words != null ? words : code.strip().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
    }

    /** The first {@code limit} codes in words, joined with "; ". */
    public static String describe(List<String> codes, int limit) {
        return codes.stream().limit(limit).map(ReasonWords::describe).filter(words -> !words.isEmpty())
                .collect(Collectors.joining("; "));
    }
}
