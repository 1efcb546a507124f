package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class IsolationForestScorerTest {

    @Test
    void givenAFittedForest_whenItsFitRowScoresAreRead_thenEachEqualsScoringThatRowAgain() {
        double[][] population = TestModels.rows(300, 5, new int[300], new ArrayList<>());
        population[3] = new double[] {9000, 0.9, 0.0};

        IsolationForestScorer forest = IsolationForestScorer.fit(TestModels.FEATURES, population, IsolationForestParameters.defaults());

        double[] fitted = forest.fitRowScores();
        assertThat(fitted).hasSize(population.length);
        for (int i = 0; i < population.length; i++) {
            assertThat(fitted[i]).as("row %d", i).isEqualTo(forest.score(population[i]));
        }
        assertThat(fitted[3]).as("the outlier is more isolated than almost every fitted row").isGreaterThan(0.95);
    }

    @Test
    void givenAStoredForest_whenItsFitRowScoresAreAsked_thenTheErrorSaysTheyAreNotKept() throws Exception {
        double[][] population = TestModels.rows(50, 5, new int[50], new ArrayList<>());
        IsolationForestScorer forest = IsolationForestScorer.fit(TestModels.FEATURES, population, IsolationForestParameters.defaults());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(forest);
        }
        IsolationForestScorer read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = (IsolationForestScorer) in.readObject();
        }

        assertThat(read.score(population[0])).isEqualTo(forest.score(population[0]));
        assertThatThrownBy(read::fitRowScores).isInstanceOf(IllegalStateException.class).hasMessageContaining("model store");
    }

    @Test
    void givenALargePopulation_whenFittedTwice_thenTheSameForestScoresTheOutliersAboveAlmostEveryone() {
        int normal = 20_000;
        double[][] population = new double[normal + 20][];
        System.arraycopy(TestModels.rows(normal, 9, new int[normal], new ArrayList<>()), 0, population, 0, normal);
        for (int i = 0; i < 20; i++) {
            population[normal + i] = new double[] {4000 + 50 * i, 0.95, 3.0};
        }

        double[] scores = IsolationForestScorer.fit(TestModels.FEATURES, population, IsolationForestParameters.defaults())
                .fitRowScores();
        double[] again = IsolationForestScorer.fit(TestModels.FEATURES, population, IsolationForestParameters.defaults())
                .fitRowScores();

        assertThat(again).as("the same rows and seed fit the same forest").containsExactly(scores);
        for (int i = normal; i < normal + 20; i++) {
            assertThat(scores[i]).as("outlier %d", i).isGreaterThan(0.99);
        }
    }

    @Test
    void givenMoreRowsThanTheSample_thenTheSampleIsTheFirstStepsOfAShuffleOfEveryRow() {
        for (int[] rowsAndLimit : new int[][] {{257, 256}, {1_000, 256}, {60_000, 256}, {10, 3}, {2, 1}}) {
            for (long seed = 0; seed < 20; seed++) {
                int rows = rowsAndLimit[0];
                int limit = rowsAndLimit[1];
                int[] order = new int[rows];
                java.util.Arrays.setAll(order, i -> i);
                java.util.Random random = new java.util.Random(seed);
                for (int i = 0; i < limit; i++) {
                    int j = i + random.nextInt(rows - i);
                    int swap = order[i];
                    order[i] = order[j];
                    order[j] = swap;
                }
                assertThat(IsolationForestScorer.sampleIndices(rows, limit, seed)).as("%d of %d, seed %d", limit, rows, seed)
                        .containsExactly(java.util.Arrays.copyOf(order, limit));
            }
        }
        assertThat(IsolationForestScorer.sampleIndices(3, 256, 1L)).containsExactly(0, 1, 2);
    }
}
