package org.distillguard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    // Descending: 0.9 distill, 0.8 benign, 0.7 distill, 0.6 benign, 0.5 benign.
    private static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.5};
    private static final boolean[] POSITIVE = {true, false, true, false, false};

    @Test
    void givenHandCountedPairs_whenRocAuc_thenFiveOfSixPairsAreOrdered() {
        assertThat(BinaryMetrics.rocAuc(SCORES, POSITIVE)).isCloseTo(5.0 / 6.0, within(1e-12));
    }

    @Test
    void givenATiedPair_whenRocAuc_thenItCountsHalf() {
        assertThat(BinaryMetrics.rocAuc(new double[] {0.5, 0.5}, new boolean[] {true, false})).isEqualTo(0.5);
        assertThat(BinaryMetrics.rocAuc(new double[] {0.5, 0.4}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void givenHandCountedRanking_whenPrAuc_thenAveragePrecision() {
        // precision 1 at the first positive, 2/3 at the second: (1 + 2/3) / 2.
        assertThat(BinaryMetrics.prAuc(SCORES, POSITIVE)).isCloseTo((1 + 2.0 / 3.0) / 2, within(1e-12));
    }

    @Test
    void givenFalsePositiveBudgets_whenRecall_thenThresholdStopsAtTheBudget() {
        assertThat(BinaryMetrics.recallAtFalsePositiveRate(SCORES, POSITIVE, 0.0)).isEqualTo(0.5);
        assertThat(BinaryMetrics.recallAtFalsePositiveRate(SCORES, POSITIVE, 1.0 / 3.0)).isEqualTo(1.0);
        assertThat(BinaryMetrics.precisionAtK(SCORES, POSITIVE, 2)).isEqualTo(0.5);
        assertThat(BinaryMetrics.precisionAtK(SCORES, POSITIVE, 1)).isEqualTo(1.0);
    }

    @Test
    void givenNegatives_whenThreshold_thenAtMostTheRateLiesAtOrAbove() {
        assertThat(BinaryMetrics.thresholdForFalsePositiveRate(new double[] {0.1, 0.2, 0.3, 0.4}, 0.25)).isEqualTo(0.4);
        assertThat(BinaryMetrics.thresholdForFalsePositiveRate(new double[] {0.1, 0.2, 0.3, 0.4}, 0.0))
                .isGreaterThan(0.4);
        // A tie at the top cannot be split: both would be flagged, which is over the budget of one.
        assertThat(BinaryMetrics.thresholdForFalsePositiveRate(new double[] {0.4, 0.4, 0.1, 0.2}, 0.25))
                .isGreaterThan(0.4);
    }

    @Test
    void givenMismatchedInput_whenMeasured_thenTheMessageSaysWhy() {
        assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {0.1}, new boolean[] {true, false}))
                .hasMessage("Invalid input: 1 scores but 2 labels");
    }

    @Test
    void givenKindsAndClusters_whenEvaluated_thenPerKindAndClusterRecallAreCounted() {
        List<AccountOutcome> outcomes = new java.util.ArrayList<>();
        outcomes.add(new AccountOutcome("a1", 0.99, "review", true, "hydra-member", Optional.of("c1")));
        outcomes.add(new AccountOutcome("a2", 0.10, "ok", true, "hydra-member", Optional.of("c1")));
        outcomes.add(new AccountOutcome("a3", 0.05, "ok", true, "hydra-member", Optional.of("c2")));
        outcomes.add(new AccountOutcome("a4", 0.95, "review", true, "bulk-distiller", Optional.empty()));
        for (int i = 0; i < 200; i++) {
            outcomes.add(new AccountOutcome("b" + i, i / 1000.0, "ok", false, "chat-app", Optional.empty()));
        }

        EvaluationReport report = Evaluation.evaluate(outcomes, 2);

        assertThat(report.distilling()).isEqualTo(4);
        assertThat(report.precisionAtQueue()).isEqualTo(1.0);
        assertThat(report.clusters()).isEqualTo(2);
        assertThat(report.clustersDetected()).isEqualTo(1);
        assertThat(report.kinds()).extracting(EvaluationReport.KindOutcome::kind)
                .containsExactly("bulk-distiller", "hydra-member", "chat-app");
        assertThat(report.kinds().get(1).flaggedAtOperatingPoint()).isCloseTo(1.0 / 3.0, within(1e-12));
        assertThat(report.kinds().get(2).flaggedAtOperatingPoint()).isLessThanOrEqualTo(0.005);
        assertThat(report.reviewTierRecall()).isEqualTo(0.5);
        assertThat(report.table()).contains("ROC-AUC").contains("hydra-member");
    }
}
