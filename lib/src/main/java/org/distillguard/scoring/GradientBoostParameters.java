package org.distillguard.scoring;

import java.io.Serializable;

/**
 * Gradient tree boosting settings, saved beside the model.
 *
 * @param trees boosting rounds
 * @param maxDepth deepest a tree may grow
 * @param maxNodes most leaves per tree
 * @param nodeSize fewest rows in a leaf
 * @param shrinkage learning rate
 * @param subsample share of rows each round is fitted on
 * @param folds cross-validation folds (grouped by account and cluster)
 * @param seed seed of the fold assignment
 */
public record GradientBoostParameters(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage,
        double subsample, int folds, long seed) implements Serializable {

    public GradientBoostParameters {
        if (trees < 1 || trees > 5000) {
            throw new IllegalArgumentException("Invalid trees: " + trees + " (expected 1 to 5000)");
        }
        if (maxDepth < 1 || maxDepth > 30) {
            throw new IllegalArgumentException("Invalid max depth: " + maxDepth + " (expected 1 to 30)");
        }
        if (maxNodes < 2) {
            throw new IllegalArgumentException("Invalid max nodes: " + maxNodes + " (expected at least 2)");
        }
        if (nodeSize < 1) {
            throw new IllegalArgumentException("Invalid node size: " + nodeSize + " (expected at least 1)");
        }
        if (!(shrinkage > 0 && shrinkage <= 1)) {
            throw new IllegalArgumentException("Invalid shrinkage: " + shrinkage + " (expected more than 0, at most 1)");
        }
        if (!(subsample > 0 && subsample <= 1)) {
            throw new IllegalArgumentException("Invalid subsample: " + subsample + " (expected more than 0, at most 1)");
        }
        if (folds < 2 || folds > 20) {
            throw new IllegalArgumentException("Invalid folds: " + folds + " (expected 2 to 20)");
        }
    }

    public static GradientBoostParameters defaults() {
        return new GradientBoostParameters(150, 6, 16, 5, 0.08, 0.7, 5, 42L);
    }
}
