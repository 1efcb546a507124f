package org.distillguard.features;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * The hour-of-day features of a state row from its 24 hourly request counts, in one loop: active hours, hour-of-day
 * entropy in bits, and the fewest requests in any window of {@code block} consecutive hours (wrapping at midnight),
 * which the caller divides by the requests for the off-hours share.
 *
 * <p>Spark's lambda functions over the hour vector (the off-hours window alone read 24 × block elements) go through
 * a path that builds a fresh read-only SQL configuration for every element read on an executor; this reads the
 * vector once.
 */
final class HourFeaturesFunction implements UDF2<Seq<Long>, Long, Row> {

    private static final long serialVersionUID = 1L;
    private static final double LN_2 = Math.log(2);

    static final String ACTIVE_HOURS = "active_hours";
    static final String ENTROPY = "entropy";
    static final String QUIETEST_BLOCK = "quietest_block";

    static final StructType SCHEMA = createStructType(List.of(
            createStructField(ACTIVE_HOURS, IntegerType, false),
            createStructField(ENTROPY, DoubleType, true),
            createStructField(QUIETEST_BLOCK, LongType, false)));

    private final int block;

    HourFeaturesFunction(int block) {
        if (block < 1 || block > 24) {
            throw new IllegalArgumentException("Invalid off-hours block: " + block + " hours (expected 1 to 24)");
        }
        this.block = block;
    }

    /**
     * @param hours requests per hour of day, 24 entries
     * @param requests the row's requests (the entropy's denominator)
     */
    @Override
    public Row call(Seq<Long> hours, Long requests) {
        if (hours == null || hours.size() != 24) {
            return null;
        }
        long[] counts = new long[24];
        int active = 0;
        for (int h = 0; h < 24; h++) {
            Long count = hours.apply(h);
            counts[h] = count == null ? 0L : count;
            if (counts[h] > 0) {
                active++;
            }
        }
        Double entropy = null;
        if (requests != null) {
            double sum = 0;
            for (long count : counts) {
                if (count > 0) {
                    double p = (double) count / requests;
                    sum += -p * (Math.log(p) / LN_2);
                }
            }
            entropy = sum;
        }
        long quietest = Long.MAX_VALUE;
        for (int start = 0; start < 24; start++) {
            long total = 0;
            for (int j = 0; j < block; j++) {
                total += counts[(start + j) % 24];
            }
            quietest = Math.min(quietest, total);
        }
        return RowFactory.create(active, entropy, quietest);
    }
}
