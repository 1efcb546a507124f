package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.util.List;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;

/**
 * Smile's gradient tree boosting on labelled account-days: {@link #score} is the probability of the distilling
 * class, {@link #contributions} its SHAP values (TreeSHAP), one per feature.
 */
public final class GradientBoostScorer implements Scorer {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "label";

    private final List<String> features;
    private final double[] fillValues;
    private final GradientTreeBoost model;
    private transient StructType schema;

    GradientBoostScorer(List<String> features, double[] fillValues, GradientTreeBoost model) {
        this.features = List.copyOf(features);
        this.fillValues = fillValues.clone();
        this.model = requireNonNull(model, "model is null");
        if (fillValues.length != features.size()) {
            throw new IllegalArgumentException("Invalid model: " + fillValues.length + " fill values for "
                    + features.size() + " features");
        }
    }

    /** Fits on rows in {@code features} order (NaN for missing) with labels 1 = distilling, 0 = benign. */
    public static GradientBoostScorer fit(List<String> features, double[][] rows, int[] labels,
            GradientBoostParameters parameters) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException("Cannot train: " + rows.length + " rows but " + labels.length + " labels");
        }
        boolean hasPositive = false;
        boolean hasNegative = false;
        for (int label : labels) {
            hasPositive |= label == 1;
            hasNegative |= label == 0;
        }
        if (!hasPositive || !hasNegative) {
            throw new IllegalArgumentException("Cannot train: the labels need both distilling and benign accounts");
        }
        RobustScaler scaler = RobustScaler.fit(rows, features.size());
        double[] fill = new double[features.size()];
        for (int j = 0; j < fill.length; j++) {
            fill[j] = Double.isNaN(scaler.median(j)) ? 0 : scaler.median(j);
        }
        double[][] filled = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            filled[i] = fill(rows[i], fill);
        }
        DataFrame frame = DataFrame.of(filled, features.toArray(String[]::new)).merge(IntVector.of(LABEL, labels));
        smile.math.MathEx.setSeed(parameters.seed());
        GradientTreeBoost model = GradientTreeBoost.fit(Formula.lhs(LABEL), frame, parameters.trees(),
                parameters.maxDepth(), parameters.maxNodes(), parameters.nodeSize(), parameters.shrinkage(),
                parameters.subsample());
        return new GradientBoostScorer(features, fill, model);
    }

    private static double[] fill(double[] values, double[] fill) {
        double[] filled = values.clone();
        for (int j = 0; j < filled.length; j++) {
            if (Double.isNaN(filled[j]) || Double.isInfinite(filled[j])) {
                filled[j] = fill[j];
            }
        }
        return filled;
    }

    private Tuple tuple(double[] values) {
        if (schema == null) {
            schema = DataFrame.of(new double[][] {fillValues}, features.toArray(String[]::new)).schema();
        }
        return Tuple.of(fill(values, fillValues), schema);
    }

    @Override
    public List<String> features() {
        return features;
    }

    @Override
    public double score(double[] values) {
        double[] posterior = new double[2];
        model.predict(tuple(values), posterior);
        return posterior[1];
    }

    /** SHAP values toward the distilling class, one per feature. */
    @Override
    public double[] contributions(double[] values) {
        double[] shap = model.shap(tuple(values));
        int classes = shap.length / features.size();
        double[] contributions = new double[features.size()];
        for (int j = 0; j < contributions.length; j++) {
            contributions[j] = shap[j * classes + (classes - 1)];
        }
        return contributions;
    }

    /** The Smile model, for the model store to serialize. */
    GradientTreeBoost model() {
        return model;
    }

    double[] fillValues() {
        return fillValues.clone();
    }
}
