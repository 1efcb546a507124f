package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class MinuteTimingFunctionTest {

    private final MinuteTimingFunction function = new MinuteTimingFunction();

    private static scala.collection.Seq<Long> seq(Long... values) {
        return CollectionConverters.asScala(List.of(values)).toSeq();
    }

    @Test
    void givenActiveMinutes_thenGapsTheirMomentsTheLongestIdleRunAndSquaredCountsAreComputed() {
        // Minutes 10, 11, 15, 25: gaps 1, 4, 10; idle runs 0, 3, 9 minutes.
        Row row = function.call(seq(10L, 11L, 15L, 25L), seq(3L, 1L, 2L, 1L));

        assertThat(row.getLong(0)).isEqualTo(3L);
        assertThat(row.getDouble(1)).isEqualTo(15.0 / 3);
        assertThat(row.getDouble(2)).isEqualTo((1.0 + 16 + 100) / 3);
        assertThat(row.getLong(3)).isEqualTo(9L);
        assertThat(row.getDouble(4)).isEqualTo(9.0 + 1 + 4 + 1);
    }

    @Test
    void givenOneActiveMinute_thenThereAreNoGapsAndNoIdleRun() {
        Row row = function.call(seq(600L), seq(7L));

        assertThat(row.getLong(0)).isZero();
        assertThat(row.isNullAt(1)).isTrue();
        assertThat(row.isNullAt(2)).isTrue();
        assertThat(row.getLong(3)).isZero();
        assertThat(row.getDouble(4)).isEqualTo(49.0);
    }

    @Test
    void givenNoMinutes_thenCountsAreZeroAndMomentsNull() {
        Row row = function.call(null, null);

        assertThat(row.getLong(0)).isZero();
        assertThat(row.isNullAt(1)).isTrue();
        assertThat(row.getLong(3)).isZero();
        assertThat(row.isNullAt(4)).isTrue();
        assertThat(function.call(seq(), seq()).getDouble(4)).isZero();
    }
}
