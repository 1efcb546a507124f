package org.distillguard.features;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hll_sketch_agg;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udaf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.common.ArrayOfLongsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class DaySketchesAggregatorTest {

    private static final int LG_K = 12;
    private static final int TRACKED = 64;

    private static final StructType EVENTS = DataTypes.createStructType(List.of(
            DataTypes.createStructField("account", DataTypes.StringType, false),
            DataTypes.createStructField("prompt", DataTypes.LongType, true),
            DataTypes.createStructField("network", DataTypes.StringType, true),
            DataTypes.createStructField("template", DataTypes.LongType, true)));

    /**
     * Accounts with few values (kept exactly), with many (past {@link DaySketchesAggregator#EXACT}, so sketches), and
     * with nulls and empty strings, spread over three partitions so buffers in both forms merge.
     */
    private static List<Row> events() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(RowFactory.create("few", (long) (i % 3), i % 4 == 0 ? "" : "net-" + (i % 2),
                    i % 5 == 0 ? null : (long) (i % 2)));
        }
        for (int i = 0; i < 900; i++) {
            rows.add(RowFactory.create("many", (long) i * 7919, "net-" + (i % 40), i % 9 == 0 ? null : (long) (i % 30)));
        }
        for (int i = 0; i < 40; i++) {
            // Exactly at the boundary in one partition, past it in all three together.
            rows.add(RowFactory.create("edge", (long) (i % 20), i % 2 == 0 ? null : "ip-" + (i % 20),
                    (long) (i % 20)));
        }
        return rows;
    }

    @Test
    void givenEventsOverPartitions_whenAggregated_thenSketchesMatchSparksOwnAggregates() {
        SparkSession spark = SparkTestSession.get();
        Dataset<Row> events = spark.createDataFrame(events(), EVENTS).repartition(3);
        UserDefinedFunction sketches = udaf(new DaySketchesAggregator(1, 1, LG_K, TRACKED),
                Encoders.row(DaySketchesAggregator.input(1, 1, 1)));
        List<Row> rows = events.groupBy(col("account")).agg(
                sketches.apply(col("prompt"), col("network").cast("binary"), col("template")).as("mine"),
                hll_sketch_agg(col("prompt"), LG_K).as("prompt_hll"),
                hll_sketch_agg(col("network"), LG_K).as("network_hll"),
                call_function("approx_top_k_accumulate", col("template"), lit(TRACKED)).as("templates"))
                .collectAsList();

        assertThat(rows).hasSize(3);
        for (Row row : rows) {
            String account = row.getString(0);
            List<byte[]> mine = row.getStruct(1).getList(0);
            assertSameDistinct(account + " prompts", mine.get(0), (byte[]) row.get(2));
            assertSameDistinct(account + " networks", mine.get(1), (byte[]) row.get(3));

            byte[] sparkState = (byte[]) row.getStruct(4).get(0);
            ItemsSketch<Long> theirs = items(sparkState);
            ItemsSketch<Long> ours = items(mine.get(2));
            assertThat(ours.getStreamLength()).as(account + " template stream").isEqualTo(theirs.getStreamLength());
            assertThat(ours.getNumActiveItems()).as(account + " templates").isEqualTo(theirs.getNumActiveItems());
            for (ItemsSketch.Row<Long> item : theirs.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
                assertThat(ours.getEstimate(item.getItem())).as(account + " template " + item.getItem())
                        .isEqualTo(item.getEstimate());
            }
            assertThat(nulls(mine.get(2))).as(account + " null templates").isEqualTo(nulls(sparkState));
        }
        Row many = rows.stream().filter(row -> row.getString(0).equals("many")).findFirst().orElseThrow();
        assertThat(HllSketch.heapify((byte[]) many.getStruct(1).getList(0).get(0)).getCompositeEstimate())
                .as("900 distinct prompts").isBetween(880.0, 920.0);
        assertThat(nulls((byte[]) many.getStruct(1).getList(0).get(2))).as("every ninth template is null")
                .isEqualTo(100);
    }

    /** Same type and size, same estimate, and each adds nothing to the other: the same items hashed the same way. */
    private static void assertSameDistinct(String what, byte[] ours, byte[] theirs) {
        HllSketch mine = HllSketch.heapify(ours);
        HllSketch spark = HllSketch.heapify(theirs);
        assertThat(mine.getLgConfigK()).as(what + " lgK").isEqualTo(spark.getLgConfigK());
        assertThat(mine.getTgtHllType()).as(what + " type").isEqualTo(spark.getTgtHllType());
        assertThat(mine.getCompositeEstimate()).as(what).isEqualTo(spark.getCompositeEstimate());
        Union union = new Union(LG_K);
        union.update(mine);
        union.update(spark);
        assertThat(union.getResult().getCompositeEstimate()).as(what + " united").isEqualTo(spark.getCompositeEstimate());
    }

    private static ItemsSketch<Long> items(byte[] state) {
        return ItemsSketch.getInstance(Memory.wrap(state), new ArrayOfLongsSerDe());
    }

    private static long nulls(byte[] state) {
        return ByteBuffer.wrap(state).getLong(state.length - Long.BYTES);
    }

    @Test
    void givenBuffersInBothForms_whenSerializedAndMerged_thenNothingIsLostOrCountedTwice() {
        DaySketchesAggregator aggregator = new DaySketchesAggregator(1, 1, LG_K, TRACKED);
        DaySketchesAggregator.Buffer exact = aggregator.zero();
        DaySketchesAggregator.Buffer sketched = aggregator.zero();
        for (int i = 0; i < 5; i++) {
            exact = aggregator.reduce(exact, RowFactory.create((long) i, bytes("a" + i), (long) (i % 2)));
        }
        exact = aggregator.reduce(exact, RowFactory.create(null, null, null));
        for (int i = 0; i < 300; i++) {
            sketched = aggregator.reduce(sketched, RowFactory.create((long) i, bytes("a" + i), (long) (i % 50)));
        }
        assertThat(exact.distinct[0].sketch).as("5 values stay exact").isNull();
        assertThat(sketched.distinct[0].sketch).as("300 values become a sketch").isNotNull();
        assertThat(sketched.frequent[0].sketch).as("50 items become a sketch").isNotNull();

        DaySketchesAggregator.Result direct = aggregator.finish(aggregator.merge(roundTrip(exact), roundTrip(sketched)));
        DaySketchesAggregator.Result reversed = aggregator.finish(aggregator.merge(roundTrip(sketched),
                roundTrip(exact)));
        for (DaySketchesAggregator.Result result : List.of(direct, reversed)) {
            byte[][] sketches = result.getSketches();
            assertThat(HllSketch.heapify(sketches[0]).getCompositeEstimate()).isBetween(295.0, 305.0);
            assertThat(HllSketch.heapify(sketches[1]).getCompositeEstimate()).isBetween(295.0, 305.0);
            ItemsSketch<Long> templates = items(sketches[2]);
            assertThat(templates.getStreamLength()).isEqualTo(305);
            assertThat(templates.getEstimate(0L)).as("6 from the sketch, 3 exact").isEqualTo(9);
            assertThat(templates.getEstimate(1L)).isEqualTo(8);
            assertThat(nulls(sketches[2])).isEqualTo(1);
        }

        DaySketchesAggregator.Result small = aggregator.finish(roundTrip(exact));
        assertThat(Math.round(HllSketch.heapify(small.getSketches()[0]).getCompositeEstimate())).isEqualTo(5);
        assertThat(items(small.getSketches()[2]).getEstimate(0L)).isEqualTo(3);
    }

    @Test
    void givenEmptyStrings_thenTheyCountAsNoValue() {
        DaySketchesAggregator aggregator = new DaySketchesAggregator(0, 1, LG_K);
        DaySketchesAggregator.Buffer buffer = aggregator.reduce(aggregator.zero(), RowFactory.create((Object) new byte[0]));
        buffer = aggregator.reduce(buffer, RowFactory.create((Object) bytes("x")));
        assertThat(Math.round(HllSketch.heapify(aggregator.finish(buffer).getSketches()[0]).getCompositeEstimate()))
                .isEqualTo(1);
    }

    @Test
    void givenBadSizes_thenTheMessageNamesThem() {
        assertThatThrownBy(() -> new DaySketchesAggregator(1, 0, 2)).hasMessageContaining("between 4 and 21, was 2");
        assertThatThrownBy(() -> new DaySketchesAggregator(1, 0, LG_K, 0))
                .hasMessageContaining("between 1 and 1000000, was 0");
        DaySketchesAggregator two = new DaySketchesAggregator(2, 0, LG_K);
        DaySketchesAggregator one = new DaySketchesAggregator(1, 0, LG_K);
        assertThatThrownBy(() -> two.merge(two.zero(), one.zero())).hasMessageContaining("different shapes");
    }

    private static DaySketchesAggregator.Buffer roundTrip(DaySketchesAggregator.Buffer buffer) {
        DaySketchesAggregator.Buffer read = new DaySketchesAggregator.Buffer();
        read.setState(buffer.getState());
        assertThat(Arrays.equals(read.getState(), buffer.getState())).as("state survives a round trip").isTrue();
        return read;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
