package org.distillguard.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {

    private final SparkSession spark = SparkTestSession.get();

    private static final StructType EDGES = DataTypes.createStructType(List.of(
            DataTypes.createStructField(CoordinationColumns.SOURCE, DataTypes.StringType, false),
            DataTypes.createStructField(CoordinationColumns.DESTINATION, DataTypes.StringType, false)));

    @Test
    void givenALongChainAndTwoSeparateGroups_whenComputed_thenEachComponentHasItsLeastIdAsLabel() {
        List<String[]> edges = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            edges.add(new String[] {String.format("c%02d", i + 1), String.format("c%02d", i)});
        }
        edges.add(new String[] {"x1", "x2"});
        edges.add(new String[] {"x3", "x2"});
        edges.add(new String[] {"y1", "y2"});

        ConnectedComponents.Result result = ConnectedComponents.compute(edges(edges), 40, 2);

        Map<String, String> labels = labels(result.labels());
        assertThat(result.converged()).isTrue();
        assertThat(labels).hasSize(13 + 3 + 2);
        for (int i = 0; i <= 12; i++) {
            assertThat(labels.get(String.format("c%02d", i))).isEqualTo("c00");
        }
        assertThat(labels).containsEntry("x1", "x1").containsEntry("x2", "x1").containsEntry("x3", "x1")
                .containsEntry("y1", "y1").containsEntry("y2", "y1");
    }

    @Test
    void givenNoEdgesOrSelfLoopsOnly_whenComputed_thenSingletonsAreAbsent() {
        ConnectedComponents.Result result = ConnectedComponents.compute(edges(List.<String[]>of(new String[] {"a", "a"})), 5, 1);

        assertThat(result.labels().count()).isZero();
        assertThat(result.converged()).isTrue();
    }

    @Test
    void givenTooFewRounds_whenComputed_thenItStopsAtTheLimitUnconverged() {
        List<String[]> edges = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            edges.add(new String[] {String.format("n%02d", i), String.format("n%02d", i + 1)});
        }

        ConnectedComponents.Result result = ConnectedComponents.compute(edges(edges), 1, 1);

        assertThat(result.rounds()).isEqualTo(1);
        assertThat(result.converged()).isFalse();
    }

    @Test
    void givenAZeroRoundLimit_whenComputed_thenTheMessageSaysWhy() {
        assertThatThrownBy(() -> ConnectedComponents.compute(edges(List.of()), 0, 1))
                .hasMessageContaining("Cannot compute connected components: maxIterations 0");
    }

    @Test
    void givenRandomGraphs_whenJoinedOnTheDriver_thenTheLabelsEqualLabelPropagations() {
        java.util.Random random = new java.util.Random(11);
        for (int graph = 0; graph < 6; graph++) {
            List<String[]> pairs = new ArrayList<>();
            int vertices = 5 + random.nextInt(60);
            int count = random.nextInt(vertices * 2);
            for (int e = 0; e < count; e++) {
                // Ids of varying length, case and script, so that string order differs from numeric order and UTF-8
                // byte order (Spark's) differs from UTF-16 order (Java's) for the fullwidth letter and the emoji;
                // self-loops and repeated edges included.
                String[] prefixes = {"acct_", "Acct-", "\uFF41", "\uD83D\uDE00"};
                String a = prefixes[random.nextInt(prefixes.length)] + random.nextInt(vertices);
                String b = random.nextInt(10) == 0 ? a : prefixes[random.nextInt(prefixes.length)] + random.nextInt(vertices);
                pairs.add(new String[] {a, b});
            }
            Dataset<Row> edges = edges(pairs).localCheckpoint(true);
            ConnectedComponents.Result propagated = ConnectedComponents.compute(edges, 200, 3);
            ConnectedComponents.Result driver = ConnectedComponents.compute(edges, 200, 3, 1_000_000);

            assertThat(propagated.converged()).isTrue();
            assertThat(driver.rounds()).as("found on the driver").isZero();
            assertThat(driver.converged()).isTrue();
            assertThat(labels(driver.labels())).as("graph %d: %d edges", graph, count).isEqualTo(labels(propagated.labels()));
        }
    }

    @Test
    void givenMoreEdgesThanTheDriverLimit_whenComputed_thenLabelsPropagateInRounds() {
        List<String[]> pairs = List.of(new String[] {"b", "c"}, new String[] {"c", "d"}, new String[] {"a", "b"});
        ConnectedComponents.Result result = ConnectedComponents.compute(edges(pairs), 40, 2, 2);

        assertThat(result.rounds()).isPositive();
        assertThat(labels(result.labels())).containsOnlyKeys("a", "b", "c", "d").containsValues("a");
        assertThat(ConnectedComponents.compute(edges(pairs), 40, 2, 0).rounds()).as("0 turns the driver off").isPositive();
    }

    private Dataset<Row> edges(List<String[]> pairs) {
        List<Row> rows = pairs.stream().map(pair -> RowFactory.create(pair[0], pair[1])).toList();
        return spark.createDataFrame(rows, EDGES);
    }

    static Map<String, String> labels(Dataset<Row> labels) {
        Map<String, String> result = new TreeMap<>();
        for (Row row : labels.collectAsList()) {
            result.put(row.getString(0), row.getString(1));
        }
        return result;
    }
}
