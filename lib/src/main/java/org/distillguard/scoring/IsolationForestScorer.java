package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;

/**
 * Smile's isolation forest over robustly scaled features. {@link #score} is the population percentile of the raw
 * anomaly score (0..1, 1 = more isolated than every fitted row), so it reads the same whatever the table.
 */
public final class IsolationForestScorer implements Scorer {
    private static final long serialVersionUID = 1L;

    private final List<String> features;
    private final RobustScaler scaler;
    private final IsolationForest forest;
    private final double[] sortedFitScores;
    /** {@link #score} of each fitted row, in the order given to {@link #fit}; not kept when the scorer is stored. */
    private final transient double[] fitRowScores;
    /** The forest's trees in flat arrays, for scoring; built again on first use after the scorer is read back. */
    private transient volatile IsolationForestPaths paths;

    private IsolationForestScorer(List<String> features, RobustScaler scaler, IsolationForest forest, double[] sortedFitScores,
            double[] fitRowScores) {
        this.features = List.copyOf(features);
        this.scaler = requireNonNull(scaler, "scaler is null");
        this.forest = requireNonNull(forest, "forest is null");
        this.sortedFitScores = sortedFitScores;
        this.fitRowScores = fitRowScores;
    }

    /** Fits on a bounded sample of rows (in {@code features} order; NaN for missing values). */
    public static IsolationForestScorer fit(List<String> features, double[][] rows, IsolationForestParameters parameters) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("Cannot fit the isolation forest: " + rows.length
                    + " rows in the sample (expected at least 2)");
        }
        RobustScaler scaler = RobustScaler.fit(rows, features.size());
        double[][] scaled = Arrays.stream(rows).map(scaler::transform).toArray(double[][]::new);
        int perTree = Math.min(parameters.samplesPerTree(), scaled.length);
        int maxDepth = Math.max((int) Math.ceil(Math.log(perTree) / Math.log(2)), 1);
        // Each tree grows on its own sample of perTree rows, drawn here. Smile's IsolationForest.fit (3.1.1) takes a
        // subsample rate but grows every tree on all the rows it is given, so its fit cost grows with the sample
        // (most of the scoring stage's CPU at 1M accounts) and its trees are not the subsampled ones of the method.
        // Smile picks split features and values from a per-thread generator: the trees are grown on one dedicated
        // thread, seeded there, so a re-run fits the same forest.
        java.util.concurrent.ForkJoinPool single = new java.util.concurrent.ForkJoinPool(1);
        IsolationForest forest;
        try {
            forest = single.submit(() -> {
                smile.math.MathEx.setSeed(parameters.seed());
                IsolationTree[] trees = new IsolationTree[parameters.trees()];
                for (int t = 0; t < trees.length; t++) {
                    List<double[]> sample = new ArrayList<>(perTree);
                    for (int index : sampleIndices(scaled.length, perTree, parameters.seed() * 31 + t)) {
                        sample.add(scaled[index]);
                    }
                    trees[t] = new IsolationTree(sample, maxDepth, 0);
                }
                return new IsolationForest(perTree, 0, trees);
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Cannot fit the isolation forest: interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot fit the isolation forest: " + e.getCause().getMessage(), e.getCause());
        } finally {
            single.shutdown();
        }
        IsolationForestPaths paths = IsolationForestPaths.of(forest);
        double[] raw = Arrays.stream(scaled).parallel().mapToDouble(paths::score).toArray();
        double[] sorted = raw.clone();
        Arrays.sort(sorted);
        double[] rowScores = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            rowScores[i] = percentile(sorted, raw[i]);
        }
        IsolationForestScorer scorer = new IsolationForestScorer(features, scaler, forest, sorted, rowScores);
        scorer.paths = paths;
        return scorer;
    }

    /**
     * {@link #score} of each row given to {@link #fit}, in that order, without scoring them again (available on the
     * scorer {@code fit} returned, not on one read back from a model store).
     */
    public double[] fitRowScores() {
        if (fitRowScores == null) {
            throw new IllegalStateException("Cannot give the fitted rows' scores: this scorer was read back from a model store");
        }
        return fitRowScores.clone();
    }

    @Override
    public List<String> features() {
        return features;
    }

    @Override
    public double score(double[] values) {
        IsolationForestPaths laidOut = paths;
        if (laidOut == null) {
            laidOut = IsolationForestPaths.of(forest); // a race builds it twice, to the same result
            paths = laidOut;
        }
        return percentile(sortedFitScores, laidOut.score(scaler.transform(values)));
    }

    private static double percentile(double[] sortedFitScores, double raw) {
        int index = Arrays.binarySearch(sortedFitScores, raw);
        int below = index >= 0 ? index : -index - 1;
        return (double) below / sortedFitScores.length;
    }

    /** How far each scaled value lies from the median, signed (a robust z-score): the anomaly's contributions. */
    @Override
    public double[] contributions(double[] values) {
        return scaler.transform(values);
    }

    /**
     * Picks {@code limit} rows at random without replacement; all of them when there are fewer. The draws are the first
     * {@code limit} steps of a Fisher-Yates shuffle of the row numbers, kept on a sparse view of the array (only the
     * positions a step moved are stored): the same sample as shuffling a full array, without building one of every
     * row for each tree.
     */
    static int[] sampleIndices(int rows, int limit, long seed) {
        if (rows <= limit) {
            int[] all = new int[rows];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Map<Integer, Integer> moved = new HashMap<>(limit * 2);
        int[] sample = new int[limit];
        Random random = new Random(seed);
        for (int i = 0; i < limit; i++) {
            int j = i + random.nextInt(rows - i);
            int atI = moved.getOrDefault(i, i);
            sample[i] = moved.getOrDefault(j, j);
            moved.put(j, atI); // position i is final: later steps swap from i + 1 on
        }
        return sample;
    }
}
