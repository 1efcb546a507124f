package org.distillguard.features;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Sums requests per hour of day and per capability and takes the minimum of each MinHash bin, over the events of a
 * group, in one aggregation buffer of three arrays.
 *
 * <p>The same values came from about a hundred scalar aggregates (24 hour counts, 64 bin minima, one count per
 * capability). Spark creates and updates each of those as its own buffer field, for every group of every task; one
 * buffer object with three arrays costs a fraction of that. Each event's input is the packed vector that the text
 * function writes ({@link #pack}): its hour, its capability bits and its 64 bin values.
 */
final class EventVectorsAggregator extends VectorAggregation<byte[]> {

    private static final long serialVersionUID = 1L;

    /** Bytes of one event's packed input: the hour, the capability bits, then the bins. */
    static final int PACKED_BYTES = 1 + 4 + 4 * PromptAnalyzer.SIGNATURE_SIZE;

    /** The packed hour of an event without a timestamp hour: counted in no hour. */
    static final byte NO_HOUR = -1;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    EventVectorsAggregator(int capabilityCount) {
        super(capabilityCount);
    }

    /** One event's input: {@code hour} (0-23, or null), the capability bits, the MinHash bins. */
    static byte[] pack(Integer hour, int capabilityMask, int[] signature) {
        byte[] packed = new byte[PACKED_BYTES];
        packed[0] = hour == null || hour < 0 || hour > 23 ? NO_HOUR : (byte) (int) hour;
        INT.set(packed, 1, capabilityMask);
        for (int bin = 0; bin < PromptAnalyzer.SIGNATURE_SIZE; bin++) {
            INT.set(packed, 5 + 4 * bin, signature[bin]);
        }
        return packed;
    }

    @Override
    public EventVectors reduce(EventVectors buffer, byte[] event) {
        if (event == null) {
            return buffer;
        }
        if (event.length != PACKED_BYTES) {
            throw new IllegalArgumentException("a packed event vector has " + PACKED_BYTES + " bytes, this one "
                    + event.length);
        }
        int hour = event[0];
        if (hour >= 0) {
            buffer.getHours()[hour]++;
        }
        int mask = (int) INT.get(event, 1);
        long[] capabilities = buffer.getCapabilities();
        for (int capability = 0; capability < capabilities.length; capability++) {
            if ((mask & (1 << capability)) != 0) {
                capabilities[capability]++;
            }
        }
        int[] signature = buffer.getSignature();
        for (int bin = 0; bin < signature.length; bin++) {
            int value = (int) INT.get(event, 5 + 4 * bin);
            if (value < signature[bin]) {
                signature[bin] = value;
            }
        }
        return buffer;
    }

    /**
     * Merges stored vectors (the rolling windows): the input is the three state arrays, in the bean's column order
     * (capabilities, hours, signature).
     */
    static final class Merger extends VectorAggregation<EventVectors> {

        private static final long serialVersionUID = 1L;

        Merger(int capabilityCount) {
            super(capabilityCount);
        }

        @Override
        public EventVectors reduce(EventVectors buffer, EventVectors stored) {
            if (stored == null || (stored.getHours() == null && stored.getSignature() == null
                    && stored.getCapabilities() == null)) {
                return buffer;
            }
            if (stored.getHours() == null || stored.getSignature() == null || stored.getCapabilities() == null) {
                throw new IllegalArgumentException("A stored feature state lacks its hour, signature or capability"
                        + " vector: recompute that date's features from its events");
            }
            return merge(buffer, stored);
        }
    }
}
