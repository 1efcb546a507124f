package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;

class IsolationForestPathsTest {

    @Test
    void givenAForestGrownAtExtensionLevelZero_whenRowsAreScored_thenEachScoreIsSmilesOwnDouble() {
        Random random = new Random(5);
        int features = 12;
        List<double[]> sample = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            sample.add(row(random, features));
        }
        smile.math.MathEx.setSeed(3);
        IsolationTree[] trees = new IsolationTree[50];
        for (int t = 0; t < trees.length; t++) {
            trees[t] = new IsolationTree(sample.subList(0, 64 + random.nextInt(192)), 8, 0);
        }
        IsolationForest forest = new IsolationForest(256, 0, trees);
        IsolationForestPaths paths = IsolationForestPaths.of(forest);

        for (int i = 0; i < 5_000; i++) {
            double[] x = row(random, features);
            if (i % 10 == 0) {
                x[random.nextInt(features)] = 0.0; // a value on a split's boundary is as likely as any
            }
            assertThat(paths.score(x)).as("row %d", i).isEqualTo(forest.score(x));
        }
        for (double odd : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0}) {
            double[] x = row(random, features);
            x[3] = odd;
            assertThat(paths.score(x)).as("a row holding %s", odd).isEqualTo(forest.score(x));
        }
    }

    @Test
    void givenAForestWithSeveralSlopeComponentsPerNode_whenRowsAreScored_thenSmilesScoreIsGiven() {
        Random random = new Random(9);
        List<double[]> sample = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            sample.add(row(random, 6));
        }
        IsolationTree[] trees = {new IsolationTree(sample, 7, 3), new IsolationTree(sample, 7, 3)};
        IsolationForest forest = new IsolationForest(128, 3, trees);
        IsolationForestPaths paths = IsolationForestPaths.of(forest);

        for (int i = 0; i < 500; i++) {
            double[] x = row(random, 6);
            assertThat(paths.score(x)).isEqualTo(forest.score(x));
        }
    }

    private static double[] row(Random random, int features) {
        double[] x = new double[features];
        for (int j = 0; j < features; j++) {
            x[j] = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextGaussian() * (1 + j);
        }
        return x;
    }
}
