package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A supervised model with everything scoring needs beside it: the calibration from model score to probability, the
 * per-cohort thresholds, the parameters it was trained with, a summary of its training data and its cross-validated
 * metrics.
 *
 * @param id the model's id in the store ({@code yyyyMMdd'T'HHmmss'Z'-<digest>}), or empty before it is written
 */
public record TrainedModel(String id, GradientBoostScorer scorer, IsotonicCalibration calibration,
        CohortThresholds thresholds, GradientBoostParameters parameters, Map<String, Object> trainingSummary,
        Map<String, Object> metrics) implements java.io.Serializable {

    public TrainedModel {
        requireNonNull(id, "id is null");
        requireNonNull(scorer, "scorer is null");
        requireNonNull(calibration, "calibration is null");
        requireNonNull(thresholds, "thresholds is null");
        requireNonNull(parameters, "parameters is null");
        trainingSummary = Map.copyOf(trainingSummary);
        metrics = Map.copyOf(metrics);
    }

    public List<String> features() {
        return scorer.features();
    }

    TrainedModel withId(String value) {
        return new TrainedModel(value, scorer, calibration, thresholds, parameters, trainingSummary, metrics);
    }
}
