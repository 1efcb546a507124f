package org.distillguard.features;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.common.ArrayOfLongsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The day's HyperLogLog sketches (distinct prompts, networks, user agents, …) and frequent-items states (head and tail
 * templates, system prompts) of an account, in one buffer, giving the same sketches as Spark's {@code hll_sketch_agg}
 * and {@code approx_top_k_accumulate} on the same DataSketches classes: the same item hashing, sketch types and
 * sizes, and state format.
 *
 * <p>Each of those aggregates is its own buffer object in Spark, created, updated, serialized for the shuffle,
 * deserialized and merged (a new union per merge) for every account of every task, while most accounts show a handful
 * of distinct values per sketch in a task (over the bench's 1M-event day, once compiled: 8.9–9.4 CPU s for the
 * thirteen aggregates and the grouping, 8.0 with this one buffer). Here each sketch keeps its distinct values (with
 * counts, for the frequent items) exactly until there are more than {@link #EXACT}, and only then becomes the
 * DataSketches sketch, which then takes every further value as Spark's would; the sketch is built from the exact
 * values when the aggregate finishes. An HLL sketch's registers do not depend on the order of
 * its values, so the composite estimate the features read ({@link DistinctEstimate}) is the same as Spark's; a
 * frequent-items sketch counts exactly up to its map size either way.
 *
 * <p>Input columns, in order ({@link #input}): the long-valued HLL items, the binary-valued ones (strings cast to
 * binary: Spark's aggregate hashes a string's UTF-8 bytes, and skips empty ones), then the frequent items (a null
 * item is counted as Spark's state counts it). Output: each sketch's bytes in the same order ({@link Result}).
 */
final class DaySketchesAggregator extends Aggregator<Row, DaySketchesAggregator.Buffer, DaySketchesAggregator.Result> {

    private static final long serialVersionUID = 1L;

    /** Distinct values each sketch keeps exactly before it becomes the DataSketches sketch. */
    static final int EXACT = 16;

    /** The sketch type Spark's {@code hll_sketch_agg} builds. */
    static final TgtHllType HLL_TYPE = TgtHllType.HLL_8;

    private static final ArrayOfLongsSerDe SERDE = new ArrayOfLongsSerDe();

    private final int longDistinct;
    private final int bytesDistinct;
    private final int lgConfigK;
    private final int[] frequentMapSizes;

    /**
     * @param longDistinct how many leading input columns are long-valued HLL items
     * @param bytesDistinct how many binary-valued HLL items follow them
     * @param lgConfigK the HLL sketches' log2 of K
     * @param frequentTracked each frequent-items column's maximum of tracked items, after the HLL columns
     */
    DaySketchesAggregator(int longDistinct, int bytesDistinct, int lgConfigK, int... frequentTracked) {
        if (longDistinct < 0 || bytesDistinct < 0) {
            throw new IllegalArgumentException("Sketch counts cannot be negative: " + longDistinct + ", " + bytesDistinct);
        }
        if (lgConfigK < 4 || lgConfigK > 21) {
            throw new IllegalArgumentException("HLL lgConfigK must be between 4 and 21, was " + lgConfigK);
        }
        this.longDistinct = longDistinct;
        this.bytesDistinct = bytesDistinct;
        this.lgConfigK = lgConfigK;
        this.frequentMapSizes = new int[frequentTracked.length];
        for (int i = 0; i < frequentTracked.length; i++) {
            frequentMapSizes[i] = LongTopKCombiner.maxMapSize(frequentTracked[i]);
        }
    }

    /** The input schema: {@code longDistinct} longs, {@code bytesDistinct} binaries, then {@code frequent} longs. */
    static StructType input(int longDistinct, int bytesDistinct, int frequent) {
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < longDistinct + bytesDistinct + frequent; i++) {
            boolean bytes = i >= longDistinct && i < longDistinct + bytesDistinct;
            fields.add(createStructField("v" + i, bytes ? BinaryType : LongType, true));
        }
        return createStructType(fields);
    }

    @Override
    public Buffer zero() {
        Buffer buffer = new Buffer();
        buffer.distinct = new Distinct[longDistinct + bytesDistinct];
        for (int i = 0; i < buffer.distinct.length; i++) {
            buffer.distinct[i] = new Distinct(i >= longDistinct);
        }
        buffer.frequent = new Frequent[frequentMapSizes.length];
        for (int i = 0; i < buffer.frequent.length; i++) {
            buffer.frequent[i] = new Frequent();
        }
        return buffer;
    }

    @Override
    public Buffer reduce(Buffer buffer, Row event) {
        Distinct[] distinct = buffer.distinct;
        for (int i = 0; i < longDistinct; i++) {
            if (!event.isNullAt(i)) {
                distinct[i].add(event.getLong(i), lgConfigK);
            }
        }
        for (int i = longDistinct; i < distinct.length; i++) {
            if (!event.isNullAt(i)) {
                byte[] value = (byte[]) event.get(i);
                if (value.length > 0) {
                    distinct[i].add(value, lgConfigK);
                }
            }
        }
        Frequent[] frequent = buffer.frequent;
        for (int i = 0; i < frequent.length; i++) {
            int field = distinct.length + i;
            if (event.isNullAt(field)) {
                frequent[i].nulls++;
            } else {
                frequent[i].add(event.getLong(field), 1L, frequentMapSizes[i]);
            }
        }
        return buffer;
    }

    @Override
    public Buffer merge(Buffer left, Buffer right) {
        if (left.distinct.length != right.distinct.length || left.frequent.length != right.frequent.length) {
            throw new IllegalArgumentException("Cannot merge sketch buffers of different shapes ("
                    + left.distinct.length + "/" + right.distinct.length + " distinct, " + left.frequent.length + "/"
                    + right.frequent.length + " frequent)");
        }
        for (int i = 0; i < left.distinct.length; i++) {
            left.distinct[i].merge(right.distinct[i], lgConfigK);
        }
        for (int i = 0; i < left.frequent.length; i++) {
            left.frequent[i].merge(right.frequent[i], frequentMapSizes[i]);
        }
        return left;
    }

    @Override
    public Result finish(Buffer buffer) {
        byte[][] sketches = new byte[buffer.distinct.length + buffer.frequent.length][];
        for (int i = 0; i < buffer.distinct.length; i++) {
            sketches[i] = buffer.distinct[i].sketch(lgConfigK).toUpdatableByteArray();
        }
        for (int i = 0; i < buffer.frequent.length; i++) {
            Frequent frequent = buffer.frequent[i];
            sketches[buffer.distinct.length + i] = new LongTopKCombiner.Sketch(
                    frequent.sketch(frequentMapSizes[i]), frequent.nulls).toState();
        }
        Result result = new Result();
        result.setSketches(sketches);
        return result;
    }

    @Override
    public Encoder<Buffer> bufferEncoder() {
        return Encoders.bean(Buffer.class);
    }

    @Override
    public Encoder<Result> outputEncoder() {
        return Encoders.bean(Result.class);
    }

    /** The aggregate's output: each sketch's bytes, in input order. */
    public static final class Result {
        private byte[][] sketches;

        public byte[][] getSketches() {
            return sketches;
        }

        public void setSketches(byte[][] sketches) {
            this.sketches = sketches;
        }
    }

    /**
     * The buffer: one {@link Distinct} per HLL column and one {@link Frequent} per frequent-items column. Between tasks
     * it travels as one binary field ({@link #getState}): per sketch, its exact values or its DataSketches bytes.
     */
    public static final class Buffer {
        private static final byte EXACT_VALUES = 0;
        private static final byte SKETCH = 1;

        Distinct[] distinct;
        Frequent[] frequent;

        /** The buffer's bytes, for Spark's encoder. */
        public byte[] getState() {
            byte[][] sketchBytes = new byte[distinct.length + frequent.length][];
            int size = 2 * Integer.BYTES;
            for (int i = 0; i < distinct.length; i++) {
                Distinct d = distinct[i];
                size += 1 + 1 + Integer.BYTES;
                if (d.sketch != null) {
                    sketchBytes[i] = d.sketch.toUpdatableByteArray();
                    size += sketchBytes[i].length;
                } else if (d.bytesTyped) {
                    for (int k = 0; k < d.size; k++) {
                        size += Integer.BYTES + d.bytes[k].length;
                    }
                } else {
                    size += d.size * Long.BYTES;
                }
            }
            for (int i = 0; i < frequent.length; i++) {
                Frequent f = frequent[i];
                size += Long.BYTES + 1 + Integer.BYTES;
                if (f.sketch != null) {
                    sketchBytes[distinct.length + i] = f.sketch.toByteArray(SERDE);
                    size += sketchBytes[distinct.length + i].length;
                } else {
                    size += f.size * 2 * Long.BYTES;
                }
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.putInt(distinct.length).putInt(frequent.length);
            for (int i = 0; i < distinct.length; i++) {
                Distinct d = distinct[i];
                out.put((byte) (d.bytesTyped ? 1 : 0));
                if (d.sketch != null) {
                    out.put(SKETCH).putInt(sketchBytes[i].length).put(sketchBytes[i]);
                } else {
                    out.put(EXACT_VALUES).putInt(d.size);
                    for (int k = 0; k < d.size; k++) {
                        if (d.bytesTyped) {
                            out.putInt(d.bytes[k].length).put(d.bytes[k]);
                        } else {
                            out.putLong(d.longs[k]);
                        }
                    }
                }
            }
            for (int i = 0; i < frequent.length; i++) {
                Frequent f = frequent[i];
                out.putLong(f.nulls);
                byte[] sketch = sketchBytes[distinct.length + i];
                if (sketch != null) {
                    out.put(SKETCH).putInt(sketch.length).put(sketch);
                } else {
                    out.put(EXACT_VALUES).putInt(f.size);
                    for (int k = 0; k < f.size; k++) {
                        out.putLong(f.items[k]).putLong(f.counts[k]);
                    }
                }
            }
            return out.array();
        }

        /** Reads the buffer's bytes ({@link #getState}). */
        public void setState(byte[] state) {
            ByteBuffer in = ByteBuffer.wrap(state);
            distinct = new Distinct[in.getInt()];
            frequent = new Frequent[in.getInt()];
            for (int i = 0; i < distinct.length; i++) {
                Distinct d = new Distinct(in.get() == 1);
                byte mode = in.get();
                int count = in.getInt();
                if (mode == SKETCH) {
                    d.sketch = HllSketch.heapify(Memory.wrap(state).region(in.position(), count));
                    in.position(in.position() + count);
                } else {
                    for (int k = 0; k < count; k++) {
                        if (d.bytesTyped) {
                            byte[] value = new byte[in.getInt()];
                            in.get(value);
                            d.append(value);
                        } else {
                            d.append(in.getLong());
                        }
                    }
                }
                distinct[i] = d;
            }
            for (int i = 0; i < frequent.length; i++) {
                Frequent f = new Frequent();
                f.nulls = in.getLong();
                byte mode = in.get();
                int count = in.getInt();
                if (mode == SKETCH) {
                    f.sketch = ItemsSketch.getInstance(Memory.wrap(state).region(in.position(), count), SERDE);
                    in.position(in.position() + count);
                } else {
                    for (int k = 0; k < count; k++) {
                        f.append(in.getLong(), in.getLong());
                    }
                }
                frequent[i] = f;
            }
        }
    }

    /** One HLL column: its distinct values while they are few, then its sketch. */
    static final class Distinct {
        final boolean bytesTyped;
        long[] longs;
        byte[][] bytes;
        int size;
        HllSketch sketch;

        Distinct(boolean bytesTyped) {
            this.bytesTyped = bytesTyped;
        }

        void add(long value, int lgConfigK) {
            if (sketch != null) {
                sketch.update(value);
                return;
            }
            for (int k = 0; k < size; k++) {
                if (longs[k] == value) {
                    return;
                }
            }
            if (size == EXACT) {
                toSketch(lgConfigK).update(value);
            } else {
                append(value);
            }
        }

        void add(byte[] value, int lgConfigK) {
            if (sketch != null) {
                sketch.update(value);
                return;
            }
            for (int k = 0; k < size; k++) {
                if (Arrays.equals(bytes[k], value)) {
                    return;
                }
            }
            if (size == EXACT) {
                toSketch(lgConfigK).update(value);
            } else {
                append(value);
            }
        }

        void append(long value) {
            if (longs == null) {
                longs = new long[4];
            } else if (size == longs.length) {
                longs = Arrays.copyOf(longs, size * 2);
            }
            longs[size++] = value;
        }

        void append(byte[] value) {
            if (bytes == null) {
                bytes = new byte[4][];
            } else if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = value;
        }

        /** Becomes the sketch of its values (dropping them), and returns it. */
        HllSketch toSketch(int lgConfigK) {
            return become(sketch(lgConfigK));
        }

        /** Keeps {@code replacing} as the sketch, dropping the exact values; returns it. */
        private HllSketch become(HllSketch replacing) {
            sketch = replacing;
            longs = null;
            bytes = null;
            size = 0;
            return replacing;
        }

        /** The sketch, or a new sketch of the values. */
        HllSketch sketch(int lgConfigK) {
            if (sketch != null) {
                return sketch;
            }
            HllSketch built = new HllSketch(lgConfigK, HLL_TYPE);
            for (int k = 0; k < size; k++) {
                if (bytesTyped) {
                    built.update(bytes[k]);
                } else {
                    built.update(longs[k]);
                }
            }
            return built;
        }

        void merge(Distinct other, int lgConfigK) {
            if (other.sketch == null) {
                for (int k = 0; k < other.size; k++) {
                    if (bytesTyped) {
                        add(other.bytes[k], lgConfigK);
                    } else {
                        add(other.longs[k], lgConfigK);
                    }
                }
                return;
            }
            // As Spark merges two sketches: a union of both, read back as the aggregate's sketch type.
            Union union = new Union(lgConfigK);
            union.update(sketch(lgConfigK));
            union.update(other.sketch);
            become(union.getResult(HLL_TYPE));
        }
    }

    /** One frequent-items column: its items and counts while they are few, then its sketch; and its null items. */
    static final class Frequent {
        long[] items;
        long[] counts;
        int size;
        long nulls;
        ItemsSketch<Long> sketch;

        void add(long item, long count, int maxMapSize) {
            if (sketch != null) {
                sketch.update(item, count);
                return;
            }
            for (int k = 0; k < size; k++) {
                if (items[k] == item) {
                    counts[k] += count;
                    return;
                }
            }
            if (size == EXACT) {
                become(sketch(maxMapSize)).update(item, count);
            } else {
                append(item, count);
            }
        }

        void append(long item, long count) {
            if (items == null) {
                items = new long[4];
                counts = new long[4];
            } else if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            items[size] = item;
            counts[size++] = count;
        }

        /** The sketch, or a new sketch of the items. */
        ItemsSketch<Long> sketch(int maxMapSize) {
            if (sketch != null) {
                return sketch;
            }
            ItemsSketch<Long> built = new ItemsSketch<>(maxMapSize);
            for (int k = 0; k < size; k++) {
                built.update(items[k], counts[k]);
            }
            return built;
        }

        void merge(Frequent other, int maxMapSize) {
            nulls += other.nulls;
            if (other.sketch == null) {
                for (int k = 0; k < other.size; k++) {
                    add(other.items[k], other.counts[k], maxMapSize);
                }
                return;
            }
            become(sketch(maxMapSize)).merge(other.sketch);
        }

        /** Keeps {@code replacing} as the sketch, dropping the exact items; returns it. */
        private ItemsSketch<Long> become(ItemsSketch<Long> replacing) {
            sketch = replacing;
            items = null;
            counts = null;
            size = 0;
            return replacing;
        }
    }
}
