package org.distillguard.scoring;

import java.util.List;
import java.util.Map;

/**
 * What a scoring run did.
 *
 * @param model the model id used ({@code none} for rules and isolation forest only)
 * @param accounts account-days scored
 * @param tiers account-days per tier
 * @param warnings rules skipped for missing features, models skipped while resolving {@code latest}
 */
public record ScoreResult(String model, long accounts, Map<String, Long> tiers, List<String> warnings, List<String> features) {
    public ScoreResult {
        tiers = Map.copyOf(tiers);
        warnings = List.copyOf(warnings);
        features = List.copyOf(features);
    }
}
