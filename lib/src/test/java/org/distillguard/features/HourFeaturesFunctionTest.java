package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class HourFeaturesFunctionTest {

    private static scala.collection.Seq<Long> hours(long... counts) {
        List<Long> list = new ArrayList<>();
        for (long count : counts) {
            list.add(count);
        }
        return CollectionConverters.asScala(list).toSeq();
    }

    @Test
    void givenRequestsInTwoHours_thenActiveHoursEntropyAndTheQuietestBlockFollow() {
        long[] counts = new long[24];
        counts[9] = 3;
        counts[23] = 1;
        Row row = new HourFeaturesFunction(8).call(hours(counts), 4L);

        assertThat(row.getInt(0)).isEqualTo(2);
        double expected = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
        assertThat(row.getDouble(1)).isCloseTo(expected, within(1e-12));
        assertThat(row.getLong(2)).as("hours 10-17 hold nothing").isZero();
    }

    @Test
    void givenARoundTheClockAccount_thenEveryBlockHoldsItsShareAndTheWindowWrapsAtMidnight() {
        long[] counts = new long[24];
        java.util.Arrays.fill(counts, 10);
        counts[22] = 0;
        counts[23] = 0;
        counts[0] = 0;
        Row row = new HourFeaturesFunction(3).call(hours(counts), 210L);

        assertThat(row.getInt(0)).isEqualTo(21);
        assertThat(row.getDouble(1)).isCloseTo(Math.log(21) / Math.log(2), within(1e-12));
        assertThat(row.getLong(2)).as("22:00-00:59, across midnight").isZero();
        assertThat(new HourFeaturesFunction(24).call(hours(counts), 210L).getLong(2)).isEqualTo(210L);
    }

    @Test
    void givenABadBlockOrVector_thenItIsRefusedOrNull() {
        assertThatThrownBy(() -> new HourFeaturesFunction(0)).hasMessageContaining("off-hours block");
        assertThat(new HourFeaturesFunction(8).call(hours(1, 2), 3L)).isNull();
        assertThat(new HourFeaturesFunction(8).call(null, 3L)).isNull();
    }
}
