package org.distillguard.features;

import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * What the per-event aggregation ({@link EventVectorsAggregator}) and the window merge
 * ({@link EventVectorsAggregator.Merger}) share: the buffer of three arrays, its merge and its encoding (a bean: a
 * struct of three arrays).
 */
abstract class VectorAggregation<IN> extends Aggregator<IN, EventVectors, EventVectors> {

    private static final long serialVersionUID = 1L;

    private final int capabilityCount;

    VectorAggregation(int capabilityCount) {
        if (capabilityCount < 0 || capabilityCount > 31) {
            throw new IllegalArgumentException("capability count must be between 0 and 31, was " + capabilityCount);
        }
        this.capabilityCount = capabilityCount;
    }

    @Override
    public EventVectors zero() {
        return new EventVectors(capabilityCount);
    }

    @Override
    public EventVectors merge(EventVectors left, EventVectors right) {
        return EventVectorsAggregator.mergeInto(left, right);
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
