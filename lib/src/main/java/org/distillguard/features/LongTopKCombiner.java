package org.distillguard.features;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.datasketches.common.ArrayOfLongsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Combines {@code approx_top_k_accumulate} states of long items (template fingerprints, system prompt hashes) for the
 * rolling windows: the same frequent-items sketch merges as Spark's {@code approx_top_k_combine}, on the same
 * DataSketches classes that Spark brings, giving the same bytes. A state's sketch field is Spark 4.2's buffer format:
 * the serialized sketch followed by the count of null items (8 bytes, big-endian).
 *
 * <p>Spark 4.2's combine parses each input state's item-type DDL string with its SQL parser, once per input row: in
 * a profile of a window merge that parse was 38% of the samples. Here the item type is known (BIGINT), so each state
 * costs one sketch deserialization and merge. {@link #state} rebuilds the struct that Spark's
 * {@code approx_top_k_estimate} and {@code approx_top_k_combine} read.
 */
final class LongTopKCombiner extends Aggregator<byte[], LongTopKCombiner.Sketch, byte[]> {

    private static final long serialVersionUID = 1L;

    /** The item type as Spark writes it for a long column ({@code StructField("item", LongType, false).toDDL}). */
    static final String ITEM_DDL = "item BIGINT NOT NULL";

    private static final ArrayOfLongsSerDe SERDE = new ArrayOfLongsSerDe();

    private final int maxMapSize;

    LongTopKCombiner(int maxItemsTracked) {
        this.maxMapSize = maxMapSize(maxItemsTracked);
    }

    /**
     * The sketch's map size for {@code maxItemsTracked} items, as Spark computes it (ApproxTopK.calMaxMapSize), after
     * Spark's check of the count.
     */
    static int maxMapSize(int maxItemsTracked) {
        if (maxItemsTracked <= 0 || maxItemsTracked > 1_000_000) {
            throw new IllegalArgumentException("maxItemsTracked must be between 1 and 1000000, was " + maxItemsTracked);
        }
        int ceilMaxMapSize = (int) Math.ceil(maxItemsTracked / 0.75);
        return (int) Math.pow(2, Math.ceil(Math.log(ceilMaxMapSize) / Math.log(2)));
    }

    /** The combined sketch bytes as a state struct (sketch, maxItemsTracked, itemDataType, itemDataTypeDDL). */
    static Column state(Column sketchBytes, int maxItemsTracked) {
        return struct(sketchBytes.as("sketch"), lit(maxItemsTracked).as("maxItemsTracked"),
                lit(null).cast("bigint").as("itemDataType"), lit(ITEM_DDL).as("itemDataTypeDDL"));
    }

    @Override
    public Sketch zero() {
        return new Sketch(new ItemsSketch<>(maxMapSize));
    }

    @Override
    public Sketch reduce(Sketch buffer, byte[] state) {
        if (state != null) {
            buffer.merge(Sketch.fromState(state));
        }
        return buffer;
    }

    @Override
    public Sketch merge(Sketch left, Sketch right) {
        return left.merge(right);
    }

    @Override
    public byte[] finish(Sketch buffer) {
        return buffer.toState();
    }

    @Override
    public Encoder<Sketch> bufferEncoder() {
        return Encoders.bean(Sketch.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }

    /**
     * The aggregation buffer: a frequent-items sketch and the count of null items, serialized in the state's own
     * format between tasks through one bean property (Java serialization of the buffer cost an object stream per
     * account and task: 7% of a window merge's samples).
     */
    public static final class Sketch {

        private ItemsSketch<Long> sketch;
        private long nullCount;

        /** For deserialization. */
        public Sketch() {}

        Sketch(ItemsSketch<Long> sketch) {
            this.sketch = sketch;
        }

        Sketch(ItemsSketch<Long> sketch, long nullCount) {
            this.sketch = sketch;
            this.nullCount = nullCount;
        }

        /** Reads a state's sketch field: the sketch, then the null count. */
        static Sketch fromState(byte[] state) {
            if (state.length < 2 * Long.BYTES) {
                throw new IllegalArgumentException("A frequent-items state has at least 16 bytes, this one "
                        + state.length + ": is the feature state from another Spark version?");
            }
            int sketchLength = state.length - Long.BYTES;
            // The sketch reads only the bytes its preamble declares, so the trailing null count needs no copy to drop.
            Sketch read = new Sketch(ItemsSketch.getInstance(Memory.wrap(state), SERDE));
            read.nullCount = ByteBuffer.wrap(state).getLong(sketchLength);
            return read;
        }

        /** The frequent-items sketch itself. */
        ItemsSketch<Long> items() {
            return sketch;
        }

        Sketch merge(Sketch other) {
            sketch.merge(other.sketch);
            nullCount += other.nullCount;
            return this;
        }

        byte[] toState() {
            byte[] bytes = sketch.toByteArray(SERDE);
            byte[] state = Arrays.copyOf(bytes, bytes.length + Long.BYTES);
            ByteBuffer.wrap(state).putLong(bytes.length, nullCount);
            return state;
        }

        /** The state's bytes, for the buffer's encoder between tasks (a bean property). */
        public byte[] getState() {
            return toState();
        }

        /** Reads the state's bytes, for the buffer's encoder (a bean property). */
        public void setState(byte[] state) {
            Sketch read = fromState(state);
            sketch = read.sketch;
            nullCount = read.nullCount;
        }
    }
}
