package org.distillguard.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How the feature stage turns a day's events into account-day features, daily state and evidence.
 *
 * @param modelOutputLimit output-token limit assumed for a model when a request's {@code max_tokens} is compared
 *     with it (the largest completion the served models allow)
 * @param nearLimitFraction a request asks for "max_tokens near the limit" when {@code max_tokens} is at least this
 *     share of {@code modelOutputLimit}
 * @param offHoursBlockHours off-hours are the account's own quietest block of this many consecutive hours of the day
 *     (UTC); the off-hours share is the share of requests that fall in it
 * @param analysisChars only the first this many characters of a prompt or response are tokenized (text beyond is
 *     counted in lengths but not analysed)
 * @param templateHeadTokens number of masked tokens at the start of the first line and at the end of the last line
 *     that make a prompt's template fingerprints
 * @param templateTrackedItems fingerprints a frequent-items sketch tracks per account-day; template counts are exact
 *     while an account has fewer distinct fingerprints than three quarters of this
 * @param hllLgConfigK log2 of the HyperLogLog register count for distinct counts (4 to 21; 12 gives about 1.6%)
 * @param baselineMinDays the z-scores against the account's 28-day baseline need at least this many prior days
 * @param evidenceTemplates template fingerprints kept per account-day in the evidence, most frequent first
 * @param evidenceSkeletons redacted template skeletons kept per account-day in the evidence
 * @param evidenceSkeletonChars length limit of each kept skeleton
 * @param evidenceSetSize client networks, user agents and payment fingerprints kept per account-day, most frequent
 *     first
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record FeatureConfig(
        int modelOutputLimit,
        double nearLimitFraction,
        int offHoursBlockHours,
        int analysisChars,
        int templateHeadTokens,
        int templateTrackedItems,
        int hllLgConfigK,
        int baselineMinDays,
        int evidenceTemplates,
        int evidenceSkeletons,
        int evidenceSkeletonChars,
        int evidenceSetSize) implements java.io.Serializable {

    public static final int MODEL_OUTPUT_LIMIT_DEFAULT = 8192;
    public static final double NEAR_LIMIT_FRACTION_DEFAULT = 0.9;
    public static final int OFF_HOURS_BLOCK_HOURS_DEFAULT = 8;
    public static final int ANALYSIS_CHARS_DEFAULT = 4096;
    public static final int TEMPLATE_HEAD_TOKENS_DEFAULT = 6;
    public static final int TEMPLATE_TRACKED_ITEMS_DEFAULT = 4096;
    public static final int HLL_LG_CONFIG_K_DEFAULT = 12;
    public static final int BASELINE_MIN_DAYS_DEFAULT = 3;
    public static final int EVIDENCE_TEMPLATES_DEFAULT = 20;
    public static final int EVIDENCE_SKELETONS_DEFAULT = 3;
    public static final int EVIDENCE_SKELETON_CHARS_DEFAULT = 160;
    public static final int EVIDENCE_SET_SIZE_DEFAULT = 16;

    public FeatureConfig {
        ConfigChecks.requireRange("features.model-output-limit", modelOutputLimit, 1, 10_000_000);
        ConfigChecks.requireRange("features.near-limit-fraction", nearLimitFraction, 0.0, 1.0);
        ConfigChecks.requireRange("features.off-hours-block-hours", offHoursBlockHours, 1, 23);
        ConfigChecks.requireRange("features.analysis-chars", analysisChars, 16, 1 << 20);
        ConfigChecks.requireRange("features.template-head-tokens", templateHeadTokens, 1, 64);
        ConfigChecks.requireRange("features.template-tracked-items", templateTrackedItems, 16, 1_000_000);
        ConfigChecks.requireRange("features.hll-lg-config-k", hllLgConfigK, 4, 21);
        ConfigChecks.requireRange("features.baseline-min-days", baselineMinDays, 2, 28);
        ConfigChecks.requireRange("features.evidence-templates", evidenceTemplates, 1, 1000);
        ConfigChecks.requireRange("features.evidence-skeletons", evidenceSkeletons, 0, 100);
        ConfigChecks.requireRange("features.evidence-skeleton-chars", evidenceSkeletonChars, 16, 1000);
        ConfigChecks.requireRange("features.evidence-set-size", evidenceSetSize, 1, 1000);
        if (evidenceTemplates > templateTrackedItems) {
            throw new IllegalArgumentException("Invalid config value for features.evidence-templates: " + evidenceTemplates
                    + " (expected at most features.template-tracked-items, " + templateTrackedItems + ")");
        }
    }

    public static FeatureConfig defaults() {
        return new FeatureConfig(MODEL_OUTPUT_LIMIT_DEFAULT, NEAR_LIMIT_FRACTION_DEFAULT, OFF_HOURS_BLOCK_HOURS_DEFAULT,
                ANALYSIS_CHARS_DEFAULT, TEMPLATE_HEAD_TOKENS_DEFAULT, TEMPLATE_TRACKED_ITEMS_DEFAULT,
                HLL_LG_CONFIG_K_DEFAULT, BASELINE_MIN_DAYS_DEFAULT, EVIDENCE_TEMPLATES_DEFAULT,
                EVIDENCE_SKELETONS_DEFAULT, EVIDENCE_SKELETON_CHARS_DEFAULT, EVIDENCE_SET_SIZE_DEFAULT);
    }

    /** The smallest {@code max_tokens} that counts as near the limit. */
    public long nearLimitTokens() {
        return (long) Math.ceil(nearLimitFraction * modelOutputLimit);
    }
}
