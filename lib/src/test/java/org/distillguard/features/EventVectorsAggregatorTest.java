package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventVectorsAggregatorTest {

    private static byte[] pack(Integer hour, int capabilityMask, int[] signature) {
        EventVectorsAggregator.Event event = new EventVectorsAggregator.Event();
        event.hour = hour;
        event.capabilityMask = capabilityMask;
        event.signature = signature;
        return EventVectorsAggregator.pack(event);
    }

    /** An event of the given flags, time, tokens and prompt length (its other values zero). */
    private static byte[] event(int flags, long seconds, long inputTokens, double chars, double temperature) {
        EventVectorsAggregator.Event event = new EventVectorsAggregator.Event();
        event.flags = flags;
        event.languageMask = (int) (seconds % 4);
        event.cotMask = flags & 0b11;
        event.longs[EventVectorsAggregator.Event.INPUT_TOKENS] = inputTokens;
        event.longs[EventVectorsAggregator.Event.SECONDS] = seconds;
        event.longs[EventVectorsAggregator.Event.CREATED_SECONDS] = seconds - 100;
        event.longs[EventVectorsAggregator.Event.SECRETS] = 2;
        event.doubles[EventVectorsAggregator.Event.PROMPT_CHARS] = chars;
        event.doubles[EventVectorsAggregator.Event.TEMPERATURE] = temperature;
        return EventVectorsAggregator.pack(event);
    }

    @Test
    void givenEvents_whenReducedAndMerged_thenTotalsCountFlagsSumValuesAndKeepExtremesOfKnownValues() {
        EventVectorsAggregator aggregator = new EventVectorsAggregator(1);
        int timed = EventVectorsAggregator.Event.HAS_SECONDS;
        byte[][] events = {
            event(timed | EventVectorsAggregator.Event.RATE_LIMITED | EventVectorsAggregator.Event.HAS_TEMPERATURE,
                    501, 10, 3.0, 0.5),
            event(EventVectorsAggregator.Event.ERROR | EventVectorsAggregator.Event.HAS_SECRETS
                    | EventVectorsAggregator.Event.HAS_CREATED, 903, 20, 4.0, 9.0), // no timestamp: not an extreme
            event(timed | EventVectorsAggregator.Event.HAS_TEMPERATURE | EventVectorsAggregator.Event.HAS_CREATED,
                    702, 5, 0.0, 1.5),
        };
        DayVectors left = aggregator.reduce(aggregator.zero(), events[0]);
        DayVectors right = aggregator.reduce(aggregator.reduce(aggregator.zero(), events[1]), events[2]);
        DayVectors merged = aggregator.merge(left, right);

        long[] totals = merged.getTotals();
        assertThat(totals[DayVectors.T_REQUESTS]).isEqualTo(3);
        assertThat(totals[DayVectors.T_INPUT_TOKENS]).isEqualTo(35);
        assertThat(totals[DayVectors.T_RATE_LIMITED]).isEqualTo(1);
        assertThat(totals[DayVectors.T_ERRORS]).isEqualTo(1);
        assertThat(totals[DayVectors.T_TEMPERATURES]).isEqualTo(2);
        assertThat(totals[DayVectors.T_SECONDS_KNOWN]).isEqualTo(2);
        assertThat(totals[DayVectors.T_FIRST_SECONDS]).isEqualTo(501);
        assertThat(totals[DayVectors.T_LAST_SECONDS]).isEqualTo(702);
        assertThat(totals[DayVectors.T_CREATED_KNOWN]).isEqualTo(2);
        assertThat(totals[DayVectors.T_CREATED_SECONDS]).isEqualTo(602);
        // Only the one event with known secret counts adds its total.
        assertThat(totals[DayVectors.T_SECRETS_KNOWN]).isEqualTo(1);
        assertThat(totals[DayVectors.T_SECRETS]).isEqualTo(2);
        assertThat(totals[DayVectors.T_SECRET_REQUESTS]).isZero();
        assertThat(merged.getMasks()[DayVectors.K_LANGUAGE]).isEqualTo(1 | 3 | 2);
        assertThat(merged.getMasks()[DayVectors.K_COT_LANGUAGE]).isEqualTo(0b11);
        // An empty buffer's extremes are no value: nothing was known.
        DayVectors empty = aggregator.zero();
        assertThat(empty.getTotals()[DayVectors.T_SECONDS_KNOWN]).isZero();
        assertThat(aggregator.merge(aggregator.zero(), merged).getTotals()).containsExactly(totals);
        double[] measures = aggregator.finish(merged).getMeasures();
        assertThat(measures[DayVectors.M_PROMPT_CHARS]).isEqualTo(7.0);
        assertThat(measures[DayVectors.M_PROMPT_CHARS_SQUARED]).isEqualTo(25.0);
        assertThat(measures[DayVectors.M_TEMPERATURE_SUM]).isEqualTo(2.0); // 9.0 came without its flag
        assertThat(measures[DayVectors.M_TEMPERATURE_SQUARED]).isEqualTo(2.5);
    }

    private static int[] signature(int first, int rest) {
        int[] bins = new int[PromptAnalyzer.SIGNATURE_SIZE];
        Arrays.fill(bins, rest);
        bins[0] = first;
        return bins;
    }

    @Test
    void givenEvents_whenReduced_thenHoursAndCapabilitiesCountAndBinsTakeTheMinimum() {
        EventVectorsAggregator aggregator = new EventVectorsAggregator(3);
        DayVectors vectors = aggregator.zero();
        vectors = aggregator.reduce(vectors, pack(5, 0b101, signature(40, 7)));
        vectors = aggregator.reduce(vectors, pack(5, 0b001, signature(-3, 9)));
        vectors = aggregator.reduce(vectors, pack(23, 0, signature(PromptAnalyzer.EMPTY_BIN,
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
        DayVectors vectors = aggregator.reduce(aggregator.zero(), pack(null, 0b10, signature(1, 2)));

        assertThat(Arrays.stream(vectors.getHours()).sum()).isZero();
        assertThat(vectors.getCapabilities()).containsExactly(0, 1);
        assertThat(aggregator.zero().getSignature()).containsOnly(PromptAnalyzer.EMPTY_BIN);
    }

    @Test
    void givenTwoPartialBuffers_whenMerged_thenTheResultEqualsReducingAllEventsInOne() {
        EventVectorsAggregator aggregator = new EventVectorsAggregator(4);
        byte[][] events = {
            pack(0, 0b1111, signature(10, 20)),
            pack(12, 0b0100, signature(5, 30)),
            pack(12, 0b0001, signature(15, 1)),
        };
        DayVectors all = aggregator.zero();
        for (byte[] event : events) {
            all = aggregator.reduce(all, event);
        }
        DayVectors left = aggregator.reduce(aggregator.zero(), events[0]);
        DayVectors right = aggregator.reduce(aggregator.reduce(aggregator.zero(), events[1]), events[2]);
        DayVectors merged = aggregator.merge(left, right);

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
                pack(4, 0b100, signature(8, 9)));
        EventVectors merged = merger.reduce(merger.zero(), same);
        assertThat(merged.getCapabilities()).containsExactly(0, 0, 1);
        assertThat(merged.getHours()[4]).isEqualTo(1);
        assertThat(merged.getSignature()[0]).isEqualTo(8);
    }
}
