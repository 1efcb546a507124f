package org.distillguard.scoring;

import java.io.Serializable;
import java.util.List;

/**
 * A fitted model behind our own interface, so the rest of the code never sees Smile. Implementations are
 * serializable so Spark can broadcast them to the tasks that score.
 */
public interface Scorer extends Serializable {

    /** The features the scorer reads, in the order {@link #score} expects them. */
    List<String> features();

    /** The score of one row (values in {@link #features()} order; NaN for a missing value). Higher is riskier. */
    double score(double[] values);

    /**
     * How much each feature pushed this row's score up (positive) or down (negative), in {@link #features()} order,
     * or an empty array when the scorer cannot say.
     */
    default double[] contributions(double[] values) {
        return new double[0];
    }
}
