package org.distillguard.scoring;

import java.io.Serializable;

/**
 * Isolation forest settings, in one place with their checks.
 *
 * @param trees number of trees
 * @param samplesPerTree rows each tree is grown on (the classic 256 isolates well and keeps scoring cheap)
 * @param maxFitRows most rows collected to the driver to fit; the population beyond is only scored
 * @param seed seed of the row sample
 */
public record IsolationForestParameters(int trees, int samplesPerTree, int maxFitRows, long seed) implements Serializable {

    public static final int TREES_DEFAULT = 200;
    public static final int SAMPLES_PER_TREE_DEFAULT = 256;
    public static final int MAX_FIT_ROWS_DEFAULT = 200_000;
    public static final long SEED_DEFAULT = 17L;

    public IsolationForestParameters {
        if (trees < 1 || trees > 10_000) {
            throw new IllegalArgumentException("Invalid isolation forest trees: " + trees + " (expected 1 to 10000)");
        }
        if (samplesPerTree < 2) {
            throw new IllegalArgumentException("Invalid samples per tree: " + samplesPerTree + " (expected at least 2)");
        }
        if (maxFitRows < samplesPerTree || maxFitRows > 2_000_000) {
            throw new IllegalArgumentException("Invalid max fit rows: " + maxFitRows + " (expected " + samplesPerTree
                    + " to 2000000; the sample is collected to the driver)");
        }
    }

    public static IsolationForestParameters defaults() {
        return new IsolationForestParameters(TREES_DEFAULT, SAMPLES_PER_TREE_DEFAULT, MAX_FIT_ROWS_DEFAULT, SEED_DEFAULT);
    }
}
