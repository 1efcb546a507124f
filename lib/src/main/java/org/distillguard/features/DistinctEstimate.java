package org.distillguard.features;

import org.apache.datasketches.hll.HllSketch;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The distinct count a stored HyperLogLog sketch holds, by the sketch's composite estimator. Spark's
 * {@code hll_sketch_estimate} returns the sketch's default estimate, which for a sketch built in one stream is its
 * historical (HIP) estimate and for one built by merging partial sketches is the composite one: the same events then
 * gave different counts depending on how they were split across tasks (700 distinct networks read as 701 or 696). The
 * composite estimate depends only on the sketch's registers, which do not depend on the split; below the sketch's
 * exact range both are the exact count. Rounded like {@code hll_sketch_estimate}; null stays null.
 */
final class DistinctEstimate implements UDF1<byte[], Long> {

    private static final long serialVersionUID = 1L;

    @Override
    public Long call(byte[] sketch) {
        if (sketch == null) {
            return null;
        }
        return Math.round(HllSketch.heapify(sketch).getCompositeEstimate());
    }
}
