package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.distillguard.config.ScoringConfig;
import org.distillguard.eval.BinaryMetrics;

/**
 * Review and watch thresholds on the calibrated risk score, chosen per cohort (volume band x account-age band) for a
 * target benign false-positive rate, because heavy legitimate users would otherwise fill the queue. A cohort with
 * too few benign training rows uses the global thresholds.
 */
public record CohortThresholds(String volumeFeature, List<Double> volumeBands, String ageFeature, List<Double> ageBands,
        Threshold global, Map<String, Threshold> cohorts) implements Serializable {

    /** Thresholds of one cohort and the benign training rows they were chosen on. */
    public record Threshold(double review, double watch, long benignRows) implements Serializable {
        public Threshold {
            if (!(watch <= review)) {
                throw new IllegalArgumentException("Invalid thresholds: watch " + watch + " above review " + review);
            }
        }
    }

    public CohortThresholds {
        requireNonNull(volumeFeature, "volumeFeature is null");
        requireNonNull(ageFeature, "ageFeature is null");
        volumeBands = List.copyOf(volumeBands);
        ageBands = List.copyOf(ageBands);
        requireNonNull(global, "global is null");
        cohorts = Map.copyOf(cohorts);
    }

    /** The cohort name of an account: {@code volume<band>/age<band>}, band 0 the lowest, {@code age?} when unknown. */
    public String cohort(double volume, double age) {
        return "volume" + band(volumeBands, volume) + "/age" + (Double.isNaN(age) ? "?" : String.valueOf(band(ageBands, age)));
    }

    private static int band(List<Double> edges, double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        int band = 0;
        while (band < edges.size() && value >= edges.get(band)) {
            band++;
        }
        return band;
    }

    public Threshold thresholdOf(String cohort) {
        return cohorts.getOrDefault(cohort, global);
    }

    public Tier tier(double risk, String cohort) {
        Threshold threshold = thresholdOf(cohort);
        if (risk >= threshold.review()) {
            return Tier.REVIEW;
        }
        return risk >= threshold.watch() ? Tier.WATCH : Tier.OK;
    }

    /**
     * Chooses thresholds from calibrated out-of-fold risks of labelled rows.
     *
     * @param volume the volume feature of each row (NaN when missing)
     * @param age the age feature of each row (NaN when the table lacks it)
     */
    public static CohortThresholds fit(double[] risk, int[] labels, double[] volume, double[] age, ScoringConfig config) {
        CohortThresholds naming = new CohortThresholds(config.volumeFeature(), config.volumeBands(), config.ageFeature(),
                config.ageBands(), new Threshold(1, 1, 0), Map.of());
        List<Double> allBenign = new ArrayList<>();
        Map<String, List<Double>> benignByCohort = new HashMap<>();
        for (int i = 0; i < risk.length; i++) {
            if (labels[i] == 0) {
                allBenign.add(risk[i]);
                benignByCohort.computeIfAbsent(naming.cohort(volume[i], age[i]), key -> new ArrayList<>()).add(risk[i]);
            }
        }
        Threshold global = choose(allBenign, config);
        Map<String, Threshold> cohorts = new TreeMap<>();
        benignByCohort.forEach((cohort, benign) -> {
            if (benign.size() >= config.minCohortBenign()) {
                cohorts.put(cohort, choose(benign, config));
            }
        });
        return new CohortThresholds(config.volumeFeature(), config.volumeBands(), config.ageFeature(), config.ageBands(),
                global, cohorts);
    }

    private static Threshold choose(List<Double> benign, ScoringConfig config) {
        double[] scores = benign.stream().mapToDouble(Double::doubleValue).toArray();
        double review = BinaryMetrics.thresholdForFalsePositiveRate(scores, config.reviewFalsePositiveRate());
        double watch = Math.min(review, BinaryMetrics.thresholdForFalsePositiveRate(scores, config.watchFalsePositiveRate()));
        // A threshold of 0 would flag everyone: the risk score must at least be above zero.
        return new Threshold(Math.max(review, Double.MIN_VALUE), Math.max(watch, Double.MIN_VALUE), scores.length);
    }
}
