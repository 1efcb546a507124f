package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.datasketches.common.ArrayOfLongsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;
import org.junit.jupiter.api.Test;

class LongTopKCombinerTest {

    private static byte[] state(long nullCount, long... items) {
        ItemsSketch<Long> sketch = new ItemsSketch<>(LongTopKCombiner.maxMapSize(64));
        for (long item : items) {
            sketch.update(item);
        }
        byte[] bytes = sketch.toByteArray(new ArrayOfLongsSerDe());
        byte[] state = Arrays.copyOf(bytes, bytes.length + 8);
        ByteBuffer.wrap(state).putLong(bytes.length, nullCount);
        return state;
    }

    @Test
    void givenTwoStates_whenCombined_thenItemCountsAndNullCountsAdd() {
        LongTopKCombiner combiner = new LongTopKCombiner(64);
        LongTopKCombiner.Sketch buffer = combiner.zero();
        buffer = combiner.reduce(buffer, state(2, 7L, 7L, 9L));
        buffer = combiner.reduce(buffer, state(1, 7L));
        buffer = combiner.reduce(buffer, null);
        byte[] combined = combiner.finish(buffer);

        ItemsSketch<Long> items = ItemsSketch.getInstance(
                Memory.wrap(Arrays.copyOf(combined, combined.length - 8)), new ArrayOfLongsSerDe());
        assertThat(items.getEstimate(7L)).isEqualTo(3);
        assertThat(items.getEstimate(9L)).isEqualTo(1);
        assertThat(items.getStreamLength()).isEqualTo(4);
        assertThat(ByteBuffer.wrap(combined).getLong(combined.length - 8)).as("null items").isEqualTo(3);
        assertThat(LongTopKCombiner.Sketch.fromState(combined).toState()).isEqualTo(combined);
    }

    @Test
    void givenSparksMapSizeRule_thenTheSizeIsThePowerOfTwoAboveFourThirdsOfTheItems() {
        assertThat(LongTopKCombiner.maxMapSize(64)).isEqualTo(128);
        assertThat(LongTopKCombiner.maxMapSize(96)).isEqualTo(128);
        assertThat(LongTopKCombiner.maxMapSize(97)).isEqualTo(256);
        assertThat(LongTopKCombiner.maxMapSize(4096)).isEqualTo(8192);
    }

    @Test
    void givenATruncatedState_whenRead_thenTheMessageNamesTheProblem() {
        assertThatThrownBy(() -> LongTopKCombiner.Sketch.fromState(new byte[3]))
                .hasMessageContaining("at least 16 bytes, this one 3");
        assertThatThrownBy(() -> new LongTopKCombiner(0)).hasMessageContaining("between 1 and 1000000");
    }
}
