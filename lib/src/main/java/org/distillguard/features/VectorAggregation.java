package org.distillguard.features;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The window merge's aggregation of stored vectors ({@link EventVectorsAggregator.Merger}): the buffer of three arrays,
 * its merge (which the day's aggregation, {@link EventVectorsAggregator}, shares for the same three arrays of its
 * larger buffer) and its encoding (a bean: a struct of three arrays).
 */
abstract class VectorAggregation<IN> extends Aggregator<IN, EventVectors, EventVectors> {

    private static final long serialVersionUID = 1L;

    private final int capabilityCount;

    VectorAggregation(int capabilityCount) {
        this.capabilityCount = requireCapabilityCount(capabilityCount);
    }

    /** {@code capabilityCount}, checked: the capability bits fit an int's 31 non-sign bits. */
    static int requireCapabilityCount(int capabilityCount) {
        if (capabilityCount < 0 || capabilityCount > 31) {
            throw new IllegalArgumentException("capability count must be between 0 and 31, was " + capabilityCount);
        }
        return capabilityCount;
    }

    @Override
    public EventVectors zero() {
        return new EventVectors(capabilityCount);
    }

    @Override
    public EventVectors merge(EventVectors left, EventVectors right) {
        return mergeVectors(left, right);
    }

    /** Adds {@code right}'s counts to {@code left}'s and keeps each bin's minimum; returns {@code left}. */
    static <B extends EventVectors> B mergeVectors(B left, EventVectors right) {
        long[] hours = left.getHours();
        long[] otherHours = right.getHours();
        long[] capabilities = left.getCapabilities();
        long[] otherCapabilities = right.getCapabilities();
        int[] signature = left.getSignature();
        int[] otherSignature = right.getSignature();
        if (otherHours.length != hours.length || otherCapabilities.length != capabilities.length
                || otherSignature.length != signature.length) {
            throw new IllegalArgumentException("Cannot merge feature states with different vector sizes (hours "
                    + hours.length + "/" + otherHours.length + ", capabilities " + capabilities.length + "/"
                    + otherCapabilities.length + ", signature " + signature.length + "/" + otherSignature.length
                    + "): states written under another capability taxonomy must be recomputed from their events");
        }
        for (int h = 0; h < hours.length; h++) {
            hours[h] += otherHours[h];
        }
        for (int c = 0; c < capabilities.length; c++) {
            capabilities[c] += otherCapabilities[c];
        }
        for (int bin = 0; bin < signature.length; bin++) {
            signature[bin] = Math.min(signature[bin], otherSignature[bin]);
        }
        return left;
    }

    @Override
    public EventVectors finish(EventVectors buffer) {
        return buffer;
    }

    @Override
    public Encoder<EventVectors> bufferEncoder() {
        return Encoders.bean(EventVectors.class);
    }

    @Override
    public Encoder<EventVectors> outputEncoder() {
        return Encoders.bean(EventVectors.class);
    }
}
