package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The model behind the night's scores and its last evaluation figures, so analysts see which model their verdicts
 * will correct.
 *
 * @param modelId the model id, or {@code none} when the scores came from rules and anomaly detection alone
 * @param metrics evaluation figures by name (e.g. precision at the review threshold); empty when none are stored
 */
public record ModelInfo(String modelId, Map<String, Double> metrics) {

    public static final String NONE = "none";

    public ModelInfo {
        requireNonNull(modelId, "modelId is null");
        metrics = Map.copyOf(metrics);
    }
}
