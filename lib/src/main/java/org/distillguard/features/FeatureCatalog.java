package org.distillguard.features;

import static org.distillguard.features.FeatureFamily.DIVERSITY;
import static org.distillguard.features.FeatureFamily.HARVESTING;
import static org.distillguard.features.FeatureFamily.INFRASTRUCTURE;
import static org.distillguard.features.FeatureFamily.TIMING;
import static org.distillguard.features.FeatureFamily.VOLUME;
import static org.distillguard.features.Rolling.APPROXIMATE;
import static org.distillguard.features.Rolling.DAILY_ONLY;
import static org.distillguard.features.Rolling.EXACT;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every account-day feature, defined once. The output columns of {@link DailyFeatures} and {@link RollingFeatures}
 * are these names in this order; {@code docs/features.md} is generated from {@link #markdown()}.
 */
public final class FeatureCatalog {

    // volume
    public static final String REQUESTS = "requests";
    public static final String INPUT_TOKENS = "input_tokens";
    public static final String OUTPUT_TOKENS = "output_tokens";
    public static final String REASONING_TOKENS = "reasoning_tokens";
    public static final String OUTPUT_INPUT_RATIO = "output_input_ratio";
    public static final String OUTPUT_TOKENS_PER_REQUEST = "output_tokens_per_request";
    public static final String ACTIVE_HOURS = "active_hours";
    public static final String ACTIVE_MINUTES = "active_minutes";
    public static final String PEAK_REQUESTS_PER_MINUTE = "peak_requests_per_minute";
    public static final String RATE_LIMITED_SHARE = "rate_limited_share";
    public static final String ERROR_SHARE = "error_share";
    // timing
    public static final String INTER_ARRIVAL_MEAN_SECONDS = "inter_arrival_mean_seconds";
    public static final String INTER_ARRIVAL_CV = "inter_arrival_cv";
    public static final String BURSTINESS = "burstiness";
    public static final String HOUR_ENTROPY = "hour_entropy";
    public static final String LONGEST_IDLE_GAP_MINUTES = "longest_idle_gap_minutes";
    public static final String ACTIVE_SPAN_HOURS = "active_span_hours";
    public static final String OFF_HOURS_SHARE = "off_hours_share";
    public static final String REQUESTS_ZSCORE_28D = "requests_zscore_28d";
    public static final String TOKENS_ZSCORE_28D = "tokens_zscore_28d";
    public static final String DAYS_ACTIVE = "days_active";
    // diversity
    public static final String EXACT_DUPLICATE_RATIO = "exact_duplicate_ratio";
    public static final String NEAR_DUPLICATE_RATE = "near_duplicate_rate";
    public static final String TEMPLATE_SHARE = "template_share";
    public static final String DISTINCT_TEMPLATES = "distinct_templates";
    public static final String LEXICAL_ENTROPY = "lexical_entropy";
    public static final String VOCABULARY_GROWTH = "vocabulary_growth";
    public static final String PROMPT_CHARS_MEAN = "prompt_chars_mean";
    public static final String PROMPT_CHARS_STDDEV = "prompt_chars_stddev";
    public static final String EMPTY_PROMPT_SHARE = "empty_prompt_share";
    public static final String LANGUAGE_COUNT = "language_count";
    public static final String CAPABILITY_COVERAGE = "capability_coverage";
    public static final String CAPABILITY_ENTROPY = "capability_entropy";
    // harvesting
    public static final String COT_SHARE = "cot_share";
    public static final String COT_LANGUAGE_COUNT = "cot_language_count";
    public static final String LOGPROBS_SHARE = "logprobs_share";
    public static final String TOP_LOGPROBS_MEAN = "top_logprobs_mean";
    public static final String MULTI_COMPLETION_SHARE = "multi_completion_share";
    public static final String COMPLETIONS_MEAN = "completions_mean";
    public static final String TEMPERATURE_STDDEV = "temperature_stddev";
    public static final String DISTINCT_TEMPERATURES = "distinct_temperatures";
    public static final String MAX_TOKENS_NEAR_LIMIT_SHARE = "max_tokens_near_limit_share";
    public static final String REASONING_EFFORT_HIGH_SHARE = "reasoning_effort_high_share";
    public static final String SINGLE_TURN_SHARE = "single_turn_share";
    public static final String FOLLOW_UP_SHARE = "follow_up_share";
    public static final String SYSTEM_PROMPT_UNIFORMITY = "system_prompt_uniformity";
    public static final String STRUCTURED_PAIR_SHARE = "structured_pair_share";
    public static final String RESPONSE_REUSE_SHARE = "response_reuse_share";
    // infrastructure
    public static final String DISTINCT_NETWORKS = "distinct_networks";
    public static final String DISTINCT_USER_AGENTS = "distinct_user_agents";
    public static final String DISTINCT_API_KEYS = "distinct_api_keys";
    public static final String DISTINCT_PAYMENT_FINGERPRINTS = "distinct_payment_fingerprints";
    public static final String DISTINCT_COUNTRIES = "distinct_countries";
    public static final String ACCOUNT_AGE_DAYS = "account_age_days";
    public static final String REDACTED_SECRETS = "redacted_secrets";
    public static final String SECRET_SHARE = "secret_share";

    private static final List<FeatureDefinition> ALL = List.of(
            def(REQUESTS, VOLUME, "requests", "API calls the account made", EXACT),
            def(INPUT_TOKENS, VOLUME, "tokens", "prompt tokens reported by the gateway (missing counts as 0)", EXACT),
            def(OUTPUT_TOKENS, VOLUME, "tokens", "completion tokens reported by the gateway (missing counts as 0)", EXACT),
            def(REASONING_TOKENS, VOLUME, "tokens", "reasoning tokens reported by the gateway (missing counts as 0)", EXACT),
            def(OUTPUT_INPUT_RATIO, VOLUME, "ratio", "output tokens divided by input tokens (null when no input tokens)", EXACT),
            def(OUTPUT_TOKENS_PER_REQUEST, VOLUME, "tokens", "mean completion tokens per request", EXACT),
            def(ACTIVE_HOURS, VOLUME, "hours", "hours of the day (UTC, 0-23) with at least one request", EXACT),
            def(ACTIVE_MINUTES, VOLUME, "minutes", "minutes with at least one request (summed over the days of a window)", EXACT),
            def(PEAK_REQUESTS_PER_MINUTE, VOLUME, "requests", "most requests in one clock minute", EXACT),
            def(RATE_LIMITED_SHARE, VOLUME, "share", "share of requests answered with status 429", EXACT),
            def(ERROR_SHARE, VOLUME, "share", "share of requests answered with another status of 400 or above", EXACT),
            def(INTER_ARRIVAL_MEAN_SECONDS, TIMING, "seconds", "(last request - first request) / (requests - 1); null for one request", DAILY_ONLY),
            def(INTER_ARRIVAL_CV, TIMING, "ratio", "coefficient of variation of the gaps between consecutive active minutes (minute resolution); null under 3 active minutes", DAILY_ONLY),
            def(BURSTINESS, TIMING, "index -1..1", "(sd - mean) / (sd + mean) of requests per minute over the active span, zeros included; 1 = bursts, -1 = metronome", DAILY_ONLY),
            def(HOUR_ENTROPY, TIMING, "bits", "Shannon entropy of requests over the 24 hours of the day (0 = one hour, 4.58 = flat)", EXACT),
            def(LONGEST_IDLE_GAP_MINUTES, TIMING, "minutes", "longest run of minutes without a request between the first and last active minute", DAILY_ONLY),
            def(ACTIVE_SPAN_HOURS, TIMING, "hours", "hours from the first to the last request of the day", DAILY_ONLY),
            def(OFF_HOURS_SHARE, TIMING, "share", "share of requests in the account's own quietest block of consecutive hours (features.off-hours-block-hours)", EXACT),
            def(REQUESTS_ZSCORE_28D, TIMING, "z", "requests against the account's previous 28 days (days with no request count as 0); null with fewer than features.baseline-min-days prior active days", DAILY_ONLY),
            def(TOKENS_ZSCORE_28D, TIMING, "z", "input + output tokens against the account's previous 28 days, as requests_zscore_28d", DAILY_ONLY),
            def(DAYS_ACTIVE, TIMING, "days", "days with a request: in the last 28 days for the daily table, in the window for the windows", EXACT),
            def(EXACT_DUPLICATE_RATIO, DIVERSITY, "share", "1 - distinct prompts / requests (distinct counted with HyperLogLog)", APPROXIMATE),
            def(NEAR_DUPLICATE_RATE, DIVERSITY, "share", "1 - distinct two-value MinHash keys of word bigrams / requests: prompts colliding with another at Jaccard J with probability J^2", APPROXIMATE),
            def(TEMPLATE_SHARE, DIVERSITY, "share", "share of prompts whose masked head (first line) or tail (last line) fingerprint another prompt shares; the larger of the two", APPROXIMATE),
            def(DISTINCT_TEMPLATES, DIVERSITY, "templates", "head fingerprints shared by at least two prompts", APPROXIMATE),
            def(LEXICAL_ENTROPY, DIVERSITY, "bits", "mean over prompts of the Shannon entropy of the prompt's word distribution", EXACT),
            def(VOCABULARY_GROWTH, DIVERSITY, "ratio", "distinct word bigrams (estimated from the account's MinHash signature) / bigrams sent", EXACT),
            def(PROMPT_CHARS_MEAN, DIVERSITY, "characters", "mean prompt length after redaction", EXACT),
            def(PROMPT_CHARS_STDDEV, DIVERSITY, "characters", "population standard deviation of the prompt length", EXACT),
            def(EMPTY_PROMPT_SHARE, DIVERSITY, "share", "share of prompts with no word", EXACT),
            def(LANGUAGE_COUNT, DIVERSITY, "languages", "languages seen in prompts (script, and function words for Latin script)", EXACT),
            def(CAPABILITY_COVERAGE, DIVERSITY, "capabilities", "capabilities of conf/capability-taxonomy.yaml touched (tool lists count as tool use)", EXACT),
            def(CAPABILITY_ENTROPY, DIVERSITY, "bits", "Shannon entropy of the capability hits", EXACT),
            def(COT_SHARE, HARVESTING, "share", "share of prompts with a chain-of-thought phrase of conf/cot-lexicon.yaml", EXACT),
            def(COT_LANGUAGE_COUNT, HARVESTING, "languages", "languages of the chain-of-thought phrases used", EXACT),
            def(LOGPROBS_SHARE, HARVESTING, "share", "share of requests asking for log-probabilities", EXACT),
            def(TOP_LOGPROBS_MEAN, HARVESTING, "alternatives", "mean top_logprobs over requests asking for log-probabilities (null when none)", EXACT),
            def(MULTI_COMPLETION_SHARE, HARVESTING, "share", "share of requests with n > 1", EXACT),
            def(COMPLETIONS_MEAN, HARVESTING, "completions", "mean n (missing counts as 1)", EXACT),
            def(TEMPERATURE_STDDEV, HARVESTING, "temperature", "population standard deviation of the temperature over requests that set it (0 below 3e-5 of the temperature, where the sums' rounding would show)", EXACT),
            def(DISTINCT_TEMPERATURES, HARVESTING, "values", "distinct temperatures set (HyperLogLog)", APPROXIMATE),
            def(MAX_TOKENS_NEAR_LIMIT_SHARE, HARVESTING, "share", "share of requests with max_tokens at or above features.near-limit-fraction of the model limit", EXACT),
            def(REASONING_EFFORT_HIGH_SHARE, HARVESTING, "share", "share of requests with reasoning_effort high", EXACT),
            def(SINGLE_TURN_SHARE, HARVESTING, "share", "share of requests with one user message and no assistant history", EXACT),
            def(FOLLOW_UP_SHARE, HARVESTING, "share", "share of prompts that refer to the previous answer (conf/prompt-cues.yaml follow-up)", EXACT),
            def(SYSTEM_PROMPT_UNIFORMITY, HARVESTING, "share", "share of requests with a system prompt that carry the account's most common one (null when none has one)", APPROXIMATE),
            def(STRUCTURED_PAIR_SHARE, HARVESTING, "share", "share of prompts asking for instruction/response or question/answer pairs (conf/prompt-cues.yaml)", EXACT),
            def(RESPONSE_REUSE_SHARE, HARVESTING, "share", "responses whose first 8 words open the longest line of a prompt of the same period, per request (HyperLogLog inclusion-exclusion)", APPROXIMATE),
            def(DISTINCT_NETWORKS, INFRASTRUCTURE, "prefixes", "distinct client IP prefixes (client_network)", APPROXIMATE),
            def(DISTINCT_USER_AGENTS, INFRASTRUCTURE, "user agents", "distinct user agents", APPROXIMATE),
            def(DISTINCT_API_KEYS, INFRASTRUCTURE, "keys", "distinct API keys (pseudonyms)", APPROXIMATE),
            def(DISTINCT_PAYMENT_FINGERPRINTS, INFRASTRUCTURE, "fingerprints", "distinct payment fingerprints", APPROXIMATE),
            def(DISTINCT_COUNTRIES, INFRASTRUCTURE, "countries", "distinct client countries", APPROXIMATE),
            def(ACCOUNT_AGE_DAYS, INFRASTRUCTURE, "days", "days from the account's creation to the end of the day (null when unknown)", EXACT),
            def(REDACTED_SECRETS, INFRASTRUCTURE, "secrets", "secrets and PII redacted from the account's requests at ingest", EXACT),
            def(SECRET_SHARE, INFRASTRUCTURE, "share", "share of requests with at least one redacted secret", EXACT));

    private FeatureCatalog() {}

    private static FeatureDefinition def(String name, FeatureFamily family, String unit, String meaning, Rolling rolling) {
        return new FeatureDefinition(name, family, unit, meaning, rolling);
    }

    public static List<FeatureDefinition> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(FeatureDefinition::name).toList();
    }

    /** Features carried into the 7- and 28-day windows. */
    public static List<FeatureDefinition> rolling() {
        return ALL.stream().filter(definition -> definition.rolling() != DAILY_ONLY).toList();
    }

    public static FeatureDefinition definition(String name) {
        return ALL.stream().filter(definition -> definition.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Invalid feature: " + name + " (expected one of " + names() + ")"));
    }

    /** The feature catalog page, {@code docs/features.md} above the separation table. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Feature catalog\n\n");
        out.append("Generated from `org.distillguard.features.FeatureCatalog` — do not edit by hand. Regenerate with\n");
        out.append("`mvn -B -q -o -pl lib test -Dtest=FeatureCatalogTest -Ddistillguard.regenerate=features`.\n\n");
        out.append(ALL.size()).append(" features per account-day (`features/`), ").append(rolling().size())
                .append(" of them also over 7 and 28 days (`features_7d/`, `features_28d/`), built by merging the stored daily states (`feature_state/`):\n");
        out.append("the 7-day window from seven daily states, stored as the day's 7-day state (`feature_state_7d/`), and the 28-day window\n");
        out.append("from four 7-day states (the day's and those of 7, 14 and 21 days before, each used while its daily states are unchanged).\n");
        out.append("*Rolling* says how a feature is carried into the windows: **exact** (merged state gives the value computed from the window's\n");
        out.append("events), **approximate** (merged sketches: HyperLogLog registers or frequent-items counts, equal up to the sketch's error,\n");
        out.append("exact for small counts), **daily only** (defined on one day's ordering or against the baseline).\n");
        for (FeatureFamily family : FeatureFamily.values()) {
            out.append("\n## ").append(family.text()).append("\n\nSeparates ").append(family.separates()).append(".\n\n");
            out.append("| feature | unit | meaning | rolling |\n|---|---|---|---|\n");
            for (FeatureDefinition definition : ALL) {
                if (definition.family() == family) {
                    out.append("| `").append(definition.name()).append("` | ").append(definition.unit()).append(" | ")
                            .append(definition.meaning()).append(" | ").append(definition.rolling().text()).append(" |\n");
                }
            }
        }
        return out.toString();
    }

    static {
        Set<String> seen = new LinkedHashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (FeatureDefinition definition : ALL) {
            if (!seen.add(definition.name())) {
                duplicates.add(definition.name());
            }
        }
        if (!duplicates.isEmpty()) {
            throw new IllegalStateException("Cannot define the feature catalog: duplicate names " + duplicates);
        }
    }
}
