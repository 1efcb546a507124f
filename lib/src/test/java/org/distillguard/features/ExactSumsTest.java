package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumsTest {

    private static double sum(List<Double> values) {
        long[] sums = ExactSums.create(1);
        values.forEach(value -> ExactSums.add(sums, 0, value));
        return ExactSums.value(sums, 0);
    }

    /** The exact sum of the doubles, rounded once to the nearest double. */
    private static double roundedExactSum(List<Double> values) {
        BigDecimal total = BigDecimal.ZERO;
        for (double value : values) {
            total = total.add(new BigDecimal(value));
        }
        return total.doubleValue();
    }

    @Test
    void givenValuesWhosePlainSumDependsOnTheOrder_thenTheExactSumIsTheRoundedExactTotalInEveryOrder() {
        assertThat((0.1 + 0.2) + 0.3).isNotEqualTo(0.1 + (0.2 + 0.3)); // plain doubles do depend on it
        assertThat(sum(List.of(0.1, 0.2, 0.3))).isEqualTo(sum(List.of(0.3, 0.2, 0.1))).isEqualTo(0.6);

        Random random = new Random(7);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // Temperatures, entropies, character counts and their squares, and a few negatives.
            double value = switch (i % 4) {
                case 0 -> Math.round(random.nextDouble() * 200) / 100.0;
                case 1 -> random.nextDouble() * 12;
                case 2 -> Math.pow(random.nextInt(20_000), 2);
                default -> -random.nextDouble() * 3;
            };
            values.add(value);
        }
        double expected = roundedExactSum(values);
        int plainDiffered = 0;
        double firstPlain = values.stream().mapToDouble(Double::doubleValue).reduce(0.0, Double::sum);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(values, random);
            assertThat(Double.doubleToRawLongBits(sum(values))).isEqualTo(Double.doubleToRawLongBits(expected));
            double plain = values.stream().mapToDouble(Double::doubleValue).reduce(0.0, Double::sum);
            plainDiffered += plain == firstPlain ? 0 : 1;
        }
        assertThat(plainDiffered).isPositive();
    }

    @Test
    void givenPartialSumsMergedInAnyGrouping_thenTheTotalIsTheSame() {
        Random random = new Random(11);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            values.add(random.nextGaussian() * Math.pow(10, random.nextInt(6) - 2));
        }
        double expected = roundedExactSum(values);
        for (int parts : new int[] {1, 2, 7, 64}) {
            long[] total = ExactSums.create(2);
            for (int part = 0; part < parts; part++) {
                long[] partial = ExactSums.create(2);
                for (int i = part; i < values.size(); i += parts) {
                    ExactSums.add(partial, 1, values.get(i));
                }
                ExactSums.addAll(total, partial);
            }
            assertThat(ExactSums.value(total, 1)).isEqualTo(expected);
            assertThat(ExactSums.value(total, 0)).isZero();
        }
    }

    @Test
    void givenValuesBelowTheFixedPointsLastBit_thenTheyAreDroppedTheSameWayEveryTime() {
        assertThat(sum(List.of(1e-30, 1.0, 1e-30))).isEqualTo(1.0);
        assertThat(sum(List.of(0x1p-64, 0x1p-64, 0x1p-65))).isEqualTo(0x1p-63);
        assertThat(sum(List.of(Double.MIN_VALUE, -0.0, 0.0))).isZero();
    }

    @Test
    void givenValuesTheFixedPointCannotHold_thenTheyAddAsPlainDoubles() {
        assertThat(sum(List.of(1.5, 1e300, 2.0))).isEqualTo(1e300);
        assertThat(sum(List.of(1.5, Double.POSITIVE_INFINITY))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(sum(List.of(1.5, Double.NaN))).isNaN();
        // Totals past 2^63 carry on in the plain part instead of wrapping around.
        List<Double> large = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            large.add(0x1.fp61);
        }
        assertThat(sum(large)).isEqualTo(8 * 0x1.fp61);
        assertThat(sum(List.of(-0x1.fp61, -0x1.fp61, -0x1.fp61, -0x1.fp61, -0x1.fp61))).isEqualTo(-5 * 0x1.fp61);
    }

    @Test
    void givenValuesBelowTwoToTheMinusTwelve_thenEachIsTruncatedToTheFixedPointTheSameWayInEveryOrder() {
        // 0.01 squared has bits below 2^-64: it loses them (less than 2^-64), and no order changes that.
        assertThat(Math.abs(sum(List.of(1e-4)) - 1e-4)).isLessThanOrEqualTo(0x1p-64);
        List<Double> small = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 2_000; i++) {
            small.add(Math.pow(random.nextInt(200) / 10_000.0, 2));
        }
        double first = sum(small);
        for (int round = 0; round < 10; round++) {
            Collections.shuffle(small, random);
            assertThat(sum(small)).isEqualTo(first);
        }
        assertThat(Math.abs(first - roundedExactSum(small))).isLessThanOrEqualTo(2_000 * 0x1p-64);
    }

    @Test
    void givenAPartialTotalWhoseHighWordIsTheLargestLong_whenACarryReachesIt_thenTheTotalStaysInTheFixedPoint() {
        long[] from = ExactSums.create(1);
        for (double value : new double[] {Math.nextDown(0x1p62), Math.nextDown(0x1p62), Math.nextDown(1024.0),
                Math.nextDown(0x1p-43)}) {
            ExactSums.add(from, 0, value);
        }
        assertThat(from[0]).isEqualTo(Long.MAX_VALUE); // the words of the case: high MAX, low all ones
        assertThat(from[1]).isEqualTo(-1L);
        long[] into = ExactSums.create(1);
        ExactSums.add(into, 0, -0x1p-64);

        ExactSums.addAll(into, from);

        assertThat(into[2]).as("the plain part").isZero();
        assertThat(ExactSums.value(into, 0)).isEqualTo(roundedExactSum(List.of(Math.nextDown(0x1p62),
                Math.nextDown(0x1p62), Math.nextDown(1024.0), Math.nextDown(0x1p-43), -0x1p-64)));
    }

    @Test
    void givenArraysOfDifferentSizes_whenAdded_thenTheErrorSaysSo() {
        assertThatThrownBy(() -> ExactSums.addAll(ExactSums.create(1), ExactSums.create(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different sizes");
    }
}
