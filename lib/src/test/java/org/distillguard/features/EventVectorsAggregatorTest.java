package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventVectorsAggregatorTest {

    private static int[] signature(int first, int rest) {
        int[] bins = new int[PromptAnalyzer.SIGNATURE_SIZE];
        Arrays.fill(bins, rest);
        bins[0] = first;
        return bins;
    }

    @Test
    void givenEvents_whenReduced_thenHoursAndCapabilitiesCountAndBinsTakeTheMinimum() {
        EventVectorsAggregator aggregator = new EventVectorsAggregator(3);
        EventVectors vectors = aggregator.zero();
        vectors = aggregator.reduce(vectors, EventVectorsAggregator.pack(5, 0b101, signature(40, 7)));
        vectors = aggregator.reduce(vectors, EventVectorsAggregator.pack(5, 0b001, signature(-3, 9)));
        vectors = aggregator.reduce(vectors, EventVectorsAggregator.pack(23, 0, signature(PromptAnalyzer.EMPTY_BIN,
                PromptAnalyzer.EMPTY_BIN)));

        assertThat(vectors.getHours()[5]).isEqualTo(2);
        assertThat(vectors.getHours()[23]).isEqualTo(1);
        assertThat(Arrays.stream(vectors.getHours()).sum()).isEqualTo(3);
        assertThat(vectors.getCapabilities()).containsExactly(2, 0, 1);
        assertThat(vectors.getSignature()[0]).isEqualTo(-3);
        assertThat(vectors.getSignature()[63]).isEqualTo(7);
    }

    @Test
    void givenNoEventsOrNoHour_thenBinsAreEmptyAndNoHourCounts() {
        EventVectorsAggregator aggregator = new EventVectorsAggregator(2);
        EventVectors vectors = aggregator.reduce(aggregator.zero(), EventVectorsAggregator.pack(null, 0b10, signature(1, 2)));

        assertThat(Arrays.stream(vectors.getHours()).sum()).isZero();
        assertThat(vectors.getCapabilities()).containsExactly(0, 1);
        assertThat(aggregator.zero().getSignature()).containsOnly(PromptAnalyzer.EMPTY_BIN);
    }

    @Test
    void givenTwoPartialBuffers_whenMerged_thenTheResultEqualsReducingAllEventsInOne() {
        EventVectorsAggregator aggregator = new EventVectorsAggregator(4);
        byte[][] events = {
            EventVectorsAggregator.pack(0, 0b1111, signature(10, 20)),
            EventVectorsAggregator.pack(12, 0b0100, signature(5, 30)),
            EventVectorsAggregator.pack(12, 0b0001, signature(15, 1)),
        };
        EventVectors all = aggregator.zero();
        for (byte[] event : events) {
            all = aggregator.reduce(all, event);
        }
        EventVectors left = aggregator.reduce(aggregator.zero(), events[0]);
        EventVectors right = aggregator.reduce(aggregator.reduce(aggregator.zero(), events[1]), events[2]);
        EventVectors merged = aggregator.merge(left, right);

        assertThat(merged.getHours()).containsExactly(all.getHours());
        assertThat(merged.getCapabilities()).containsExactly(2, 1, 2, 1);
        assertThat(merged.getSignature()).containsExactly(all.getSignature());
        assertThat(merged.getSignature()[0]).isEqualTo(5);
        assertThat(merged.getSignature()[1]).isEqualTo(1);
    }

    @Test
    void givenAMalformedVector_whenReduced_thenTheMessageNamesTheExpectedSize() {
        EventVectorsAggregator aggregator = new EventVectorsAggregator(1);
        assertThatThrownBy(() -> aggregator.reduce(aggregator.zero(), new byte[3]))
                .hasMessageContaining("a packed event vector has " + EventVectorsAggregator.PACKED_BYTES + " bytes, this one 3");
        assertThatThrownBy(() -> new EventVectorsAggregator(32)).hasMessageContaining("between 0 and 31");
    }

    @Test
    void givenStoredVectorsOfAnotherTaxonomy_whenMerged_thenTheMessageSaysToRecompute() {
        EventVectorsAggregator.Merger merger = new EventVectorsAggregator.Merger(3);
        EventVectors stored = new EventVectorsAggregator(2).zero();
        assertThatThrownBy(() -> merger.reduce(merger.zero(), stored))
                .hasMessageContaining("capabilities 3/2")
                .hasMessageContaining("recomputed from their events");
        EventVectors same = new EventVectorsAggregator(3).reduce(new EventVectorsAggregator(3).zero(),
                EventVectorsAggregator.pack(4, 0b100, signature(8, 9)));
        EventVectors merged = merger.reduce(merger.zero(), same);
        assertThat(merged.getCapabilities()).containsExactly(0, 0, 1);
        assertThat(merged.getHours()[4]).isEqualTo(1);
        assertThat(merged.getSignature()[0]).isEqualTo(8);
    }
}
