package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IsotonicCalibrationTest {

    @Test
    void givenNoisyScores_whenCalibrated_thenTheMapNeverDecreasesAndStaysInZeroOne() {
        Random random = new Random(3);
        int n = 5000;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            scores[i] = random.nextDouble();
            labels[i] = random.nextDouble() < scores[i] * scores[i] ? 1 : 0;
        }

        IsotonicCalibration calibration = IsotonicCalibration.fit(scores, labels);

        double previous = -1;
        for (int step = 0; step <= 1000; step++) {
            double value = calibration.apply(step / 1000.0);
            assertThat(value).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            previous = value;
        }
        assertThat(calibration.apply(0.9)).isBetween(0.7, 0.9);
        assertThat(calibration.apply(0.1)).isLessThan(0.1);
    }

    @Test
    void givenAViolatingPair_whenCalibrated_thenPoolAdjacentViolatorsAveragesThem() {
        IsotonicCalibration calibration = IsotonicCalibration.fit(new double[] {0.1, 0.2, 0.3, 0.4}, new int[] {0, 1, 0, 1});

        // 0.2 (label 1) and 0.3 (label 0) violate order and pool to 0.5 at their centre 0.25.
        assertThat(calibration.values()).containsExactly(0.0, 0.5, 1.0);
        assertThat(calibration.knots()).containsExactly(0.1, 0.25, 0.4);
        assertThat(calibration.apply(0.25)).isEqualTo(0.5);
    }
}
