package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The coordination command end to end on a tiny hand-built feature output (four linked accounts, two others). */
class CoordinationCommandTest {

    private static final String DATE = "2026-11-23";
    private static final long NOW = 1_795_000_000L;

    @TempDir
    Path folder;

    private final StringWriter err = new StringWriter();

    @Test
    void givenFeatureOutputsWithFourLinkedAccounts_whenRun_thenOneFlaggedClusterIsWrittenAsParquetAndCsv() throws Exception {
        Path features = folder.resolve("features");
        writeFeatureOutputs(SparkTestSession.get(), features);
        Path out = folder.resolve("out");

        int exit = run("coordination", "--features", features.toString(), "--date", DATE, "--out", out.toString(),
                "--set", "spark.master=local[2]", "--set", "spark.shuffle-partitions=2");

        assertThat(exit).as(err.toString()).isEqualTo(Main.EXIT_OK);
        SparkSession spark = SparkTestSession.get();
        List<Row> members = spark.read().parquet(out.resolve("clusters").toString()).orderBy("account_id").collectAsList();
        assertThat(members).extracting(row -> row.<String>getAs("account_id")).containsExactly("op0", "op1", "op2", "op3");
        assertThat(members).extracting(row -> row.<String>getAs("cluster_id")).containsOnly(members.get(0).<String>getAs("cluster_id"));
        assertThat(members.get(0).<Long>getAs("cluster_size")).isEqualTo(4L);
        assertThat(members.get(0).<Boolean>getAs("cluster_flagged")).isTrue();
        assertThat(members.get(0).get(members.get(0).fieldIndex("date")).toString()).isEqualTo(DATE);
        Row summary = spark.read().parquet(out.resolve("cluster_summary").toString()).first();
        assertThat(summary.<Long>getAs("cluster_size")).isEqualTo(4L);
        List<String> csv = Files.readAllLines(out.resolve("clusters-" + DATE + ".csv"));
        assertThat(csv.get(0)).startsWith("account_id,").contains("cluster_id", "cluster_score", "cluster_reasons");
        assertThat(csv).hasSize(5);
        assertThat(csv.subList(1, 5)).extracting(line -> line.substring(0, line.indexOf(',')))
                .containsExactly("op0", "op1", "op2", "op3");
    }

    @Test
    void givenNoFeatureOutputForTheDate_whenRun_thenTheFailureSaysWhatToRunFirst() {
        int exit = run("coordination", "--features", folder.resolve("missing").toString(), "--date", DATE,
                "--out", folder.resolve("out").toString(), "--set", "spark.master=local[2]");

        assertThat(exit).isEqualTo(Main.EXIT_FAILURE);
        assertThat(err.toString()).contains("Cannot run coordination:", "does not exist (run the feature stage for " + DATE);
    }

    private int run(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static void writeFeatureOutputs(SparkSession spark, Path features) {
        DataType item = DataTypes.createStructType(List.of(DataTypes.createStructField("item", DataTypes.StringType, true),
                DataTypes.createStructField("count", DataTypes.LongType, false)));
        DataType template = DataTypes.createStructType(List.of(DataTypes.createStructField("item", DataTypes.LongType, true),
                DataTypes.createStructField("count", DataTypes.LongType, false)));
        StructType evidenceSchema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("account_id", DataTypes.StringType, false),
                DataTypes.createStructField("top_templates", DataTypes.createArrayType(template), true),
                DataTypes.createStructField("template_skeletons", DataTypes.createArrayType(item), true),
                DataTypes.createStructField("prompt_signature", DataTypes.createArrayType(DataTypes.IntegerType), true),
                DataTypes.createStructField("client_networks", DataTypes.createArrayType(item), true),
                DataTypes.createStructField("user_agents", DataTypes.createArrayType(item), true),
                DataTypes.createStructField("payment_fingerprints", DataTypes.createArrayType(item), true),
                DataTypes.createStructField("hour_vector", DataTypes.createArrayType(DataTypes.LongType), true),
                DataTypes.createStructField("minute_histogram", DataTypes.createArrayType(template), true)));
        StructType featureSchema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("account_id", DataTypes.StringType, false),
                DataTypes.createStructField("requests", DataTypes.LongType, false),
                DataTypes.createStructField("input_tokens", DataTypes.LongType, false),
                DataTypes.createStructField("output_tokens", DataTypes.LongType, false),
                DataTypes.createStructField("account_age_days", DataTypes.DoubleType, true)));
        StructType stateSchema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("account_id", DataTypes.StringType, false),
                DataTypes.createStructField("s_created_seconds", DataTypes.LongType, true),
                DataTypes.createStructField("s_capability_mask", DataTypes.IntegerType, false)));
        Integer[] empty = new Integer[64];
        Arrays.fill(empty, Integer.MAX_VALUE);
        Long[] hours = new Long[24];
        Arrays.fill(hours, 0L);
        List<Row> evidence = new ArrayList<>();
        List<Row> featureRows = new ArrayList<>();
        List<Row> state = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            boolean operator = i < 4;
            String id = operator ? "op" + i : "other" + i;
            evidence.add(RowFactory.create(id,
                    List.of(RowFactory.create(operator ? 4242L : 100L + i, 6L)),
                    List.of(RowFactory.create(operator ? "<w> <w> translate … <n>" : "hello " + i, 6L)),
                    List.of(empty),
                    List.of(RowFactory.create(operator ? "net_op" + (i % 2) : "net_home" + i, 6L)),
                    List.of(RowFactory.create(operator ? "scraper/0.3" : "openai-python/1.40", 6L)),
                    List.of(RowFactory.create(operator ? "pay_op" : "pay_home" + i, 6L)),
                    List.of(hours),
                    List.of()));
            double age = operator ? 12 + 0.2 * i : 400 + 100 * i;
            featureRows.add(RowFactory.create(id, 6L, 600L, 900L, age));
            state.add(RowFactory.create(id, NOW - Math.round(age * 86_400), 1 << i));
        }
        write(spark.createDataFrame(evidence, evidenceSchema), features.resolve("account_day_evidence"));
        write(spark.createDataFrame(featureRows, featureSchema), features.resolve("features"));
        write(spark.createDataFrame(state, stateSchema), features.resolve("feature_state"));
    }

    private static void write(Dataset<Row> table, Path root) {
        table.write().parquet(root.resolve("date=" + DATE).toString());
    }
}
