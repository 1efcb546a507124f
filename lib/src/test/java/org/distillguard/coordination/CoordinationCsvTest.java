package org.distillguard.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class CoordinationCsvTest {

    @Test
    void givenMembersInAnyOrder_thenTheCsvListsTheHighestScoringClustersFirstThenByClusterAndAccount() {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField(CoordinationColumns.ACCOUNT_ID, DataTypes.StringType, false),
                DataTypes.createStructField(CoordinationColumns.CLUSTER_ID, DataTypes.StringType, false),
                DataTypes.createStructField(CoordinationColumns.CLUSTER_SCORE, DataTypes.DoubleType, true),
                DataTypes.createStructField("cluster_reasons", DataTypes.createArrayType(DataTypes.StringType), true)));
        List<Row> rows = new ArrayList<>();
        // Two clusters tie on score; one has no score.
        String[][] clusters = {{"cl_b", "0.9"}, {"cl_a", "0.9"}, {"cl_c", "0.95"}, {"cl_d", null}};
        for (String[] cluster : clusters) {
            for (int member = 0; member < 12; member++) {
                rows.add(RowFactory.create("acct_" + cluster[0] + "_" + (char) ('z' - member), cluster[0],
                        cluster[1] == null ? null : Double.valueOf(cluster[1]), List.of("shared_template", "network")));
            }
        }
        Collections.shuffle(rows, new Random(7));

        List<Row> listed = CoordinationJob.csvRows(SparkTestSession.get().createDataFrame(rows, schema).repartition(5))
                .collectAsList();

        List<String> clusterOrder = listed.stream().map(row -> row.<String>getAs(CoordinationColumns.CLUSTER_ID))
                .distinct().toList();
        assertThat(clusterOrder).containsExactly("cl_c", "cl_a", "cl_b", "cl_d");
        List<String> accounts = listed.stream().map(row -> row.<String>getAs(CoordinationColumns.ACCOUNT_ID)).toList();
        List<String> expected = new ArrayList<>();
        for (String cluster : clusterOrder) {
            expected.addAll(accounts.stream().filter(account -> account.startsWith("acct_" + cluster + "_")).sorted().toList());
        }
        assertThat(accounts).containsExactlyElementsOf(expected);
        assertThat(listed.get(0).<String>getAs("cluster_reasons")).isEqualTo("shared_template; network");
    }
}
