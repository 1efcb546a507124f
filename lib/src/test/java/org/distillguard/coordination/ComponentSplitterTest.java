package org.distillguard.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.ConfigLoader;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class ComponentSplitterTest {

    private final SparkSession spark = SparkTestSession.get();

    private static final StructType EDGES = DataTypes.createStructType(List.of(
            DataTypes.createStructField(CoordinationColumns.SOURCE, DataTypes.StringType, false),
            DataTypes.createStructField(CoordinationColumns.DESTINATION, DataTypes.StringType, false),
            DataTypes.createStructField(CoordinationColumns.EDGE_SCORE, DataTypes.DoubleType, false)));

    @Test
    void givenTwoCampaignsChainedByWeakChanceLinks_whenTooBig_thenSplitIntoTheCampaignsAndBystandersDrop() {
        List<Object[]> edges = new ArrayList<>();
        ring(edges, "a", 5, 2.6);
        ring(edges, "b", 5, 2.6);
        // a chain of light bystanders joins the two campaigns with edges just over the threshold
        edges.add(new Object[] {"a0", "h1", 1.6});
        edges.add(new Object[] {"h1", "h2", 1.55});
        edges.add(new Object[] {"h2", "b0", 1.7});
        // a small component of weak links, under the size limit, stays as it is
        edges.add(new Object[] {"s1", "s2", 1.5});
        CoordinationConfig config = config(6);

        ComponentSplitter.Result result = split(edges, config);

        Map<String, String> labels = labels(result.labels());
        assertThat(result.splits()).isEqualTo(1);
        assertThat(result.highestThreshold()).isEqualTo(1.75);
        assertThat(result.oversizedKept()).isZero();
        assertThat(groups(labels)).containsExactlyInAnyOrder(
                new TreeSet<>(List.of("a0", "a1", "a2", "a3", "a4")),
                new TreeSet<>(List.of("b0", "b1", "b2", "b3", "b4")),
                new TreeSet<>(List.of("s1", "s2")));
        assertThat(result.edges().collectAsList()).extracting(row -> row.getString(0) + "-" + row.getString(1))
                .doesNotContain("a0-h1", "h1-h2", "h2-b0").contains("s1-s2", "a0-a1", "b3-b4").hasSize(11);
    }

    @Test
    void givenAGiantComponentOfOnlyStrongLinks_whenNothingSplitsItBelowTheCeiling_thenItIsKeptWholeAndCounted() {
        List<Object[]> edges = new ArrayList<>();
        ring(edges, "c", 10, 4.5);
        CoordinationConfig config = ConfigLoader.load(Optional.empty(), List.of("coordination.max-cluster-accounts=4",
                "coordination.split-step=1.0")).coordination();

        ComponentSplitter.Result result = split(edges, config);

        assertThat(result.oversizedKept()).isEqualTo(1);
        assertThat(result.highestThreshold()).isEqualTo(3.5);
        assertThat(result.splits()).isEqualTo(2);
        assertThat(groups(labels(result.labels()))).hasSize(1).first().satisfies(group -> assertThat(group).hasSize(10));
    }

    @Test
    void givenComponentsWithinTheLimit_whenSplit_thenNothingChanges() {
        List<Object[]> edges = new ArrayList<>();
        ring(edges, "d", 4, 1.5);
        CoordinationConfig config = config(4);

        ComponentSplitter.Result result = split(edges, config);

        assertThat(result.splits()).isZero();
        assertThat(result.highestThreshold()).isEqualTo(config.edgeThreshold());
        assertThat(labels(result.labels())).hasSize(4).containsValue("d0");
        assertThat(result.edges().count()).isEqualTo(4);
    }

    private ComponentSplitter.Result split(List<Object[]> edges, CoordinationConfig config) {
        List<Row> rows = new ArrayList<>();
        edges.forEach(edge -> rows.add(RowFactory.create(edge)));
        Dataset<Row> table = spark.createDataFrame(rows, EDGES);
        return ComponentSplitter.split(table, ConnectedComponents.compute(table, 40, 2), config);
    }

    private static void ring(List<Object[]> edges, String prefix, int size, double score) {
        for (int i = 0; i < size; i++) {
            String a = prefix + i;
            String b = prefix + ((i + 1) % size);
            edges.add(a.compareTo(b) < 0 ? new Object[] {a, b, score} : new Object[] {b, a, score});
        }
    }

    private static CoordinationConfig config(int maxClusterAccounts) {
        return ConfigLoader.load(Optional.empty(), List.of("coordination.max-cluster-accounts=" + maxClusterAccounts))
                .coordination();
    }

    private static Map<String, String> labels(Dataset<Row> labels) {
        Map<String, String> map = new TreeMap<>();
        for (Row row : labels.collectAsList()) {
            map.put(row.getString(row.fieldIndex(CoordinationColumns.ACCOUNT_ID)), row.getString(row.fieldIndex(CoordinationColumns.LABEL)));
        }
        return map;
    }

    private static List<TreeSet<String>> groups(Map<String, String> labels) {
        Map<String, TreeSet<String>> byLabel = new TreeMap<>();
        labels.forEach((account, label) -> byLabel.computeIfAbsent(label, key -> new TreeSet<>()).add(account));
        return new ArrayList<>(byLabel.values());
    }
}
