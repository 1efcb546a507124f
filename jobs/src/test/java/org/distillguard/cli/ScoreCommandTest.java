package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train, score and evaluate end to end on a tiny feature table. */
class ScoreCommandTest {

    @TempDir
    static Path folder;

    private static Path features;
    private static Path labels;
    private static Path keyFile;
    private static final String[] SPARK = {"--set", "spark.master=local[2]", "--set", "spark.shuffle-partitions=2",
        "--set", "scoring.rules-file=../conf/rules.yaml"};

    @BeforeAll
    static void tinyTable() throws Exception {
        features = folder.resolve("features");
        labels = folder.resolve("labels.csv");
        keyFile = folder.resolve("key");
        Files.writeString(keyFile, "score-command-test-key-0123456789abcdef-0123");
        StructType schema = new StructType().add("account_id", DataTypes.StringType).add("date", DataTypes.StringType)
                .add("requests", DataTypes.LongType).add("logprobs_share", DataTypes.DoubleType)
                .add("active_hours", DataTypes.LongType);
        List<Row> rows = new ArrayList<>();
        List<String> truth = new ArrayList<>(List.of("account_id,label,kind,cluster_id"));
        Random random = new Random(1);
        for (int account = 0; account < 300; account++) {
            boolean distilling = account % 10 == 0;
            String id = "acct_" + account;
            truth.add(id + "," + (distilling ? "distill" : "benign") + "," + (distilling ? "logprob-harvester" : "chat-app")
                    + "," + (distilling && account < 100 ? "c1" : ""));
            for (String date : List.of("2026-11-23", "2026-11-24")) {
                // One account has a missing value, as real tables do.
                Double logprobs = account == 7 ? null
                        : Double.valueOf(distilling ? 0.7 + 0.3 * random.nextDouble() : 0.1 * random.nextDouble());
                rows.add(RowFactory.create(id, date, 10L + random.nextInt(300), logprobs,
                        (long) (1 + random.nextInt(distilling ? 24 : 10))));
            }
        }
        Files.write(labels, truth);
        writeByDate(rows, schema, features);
    }

    /** Writes {@code rows} as Parquet partitioned by date, with a session of its own (the commands start theirs). */
    private static void writeByDate(List<Row> rows, StructType schema, Path target) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("score-command-test")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            spark.createDataFrame(rows, schema).write().partitionBy("date").parquet(target.toString());
        } finally {
            spark.stop();
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        StringWriter err = new StringWriter();
        int code;
        try {
            CommandLine commandLine = Main.commandLine();
            commandLine.setErr(new PrintWriter(err, true));
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of(SPARK));
            code = commandLine.execute(all.toArray(String[]::new));
        } finally {
            System.setOut(previous);
        }
        assertThat(code).as(err.toString()).isEqualTo(Main.EXIT_OK);
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void givenATinyTable_whenTrainedScoredAndEvaluated_thenEveryOutputIsWritten() throws Exception {
        Path store = folder.resolve("models");
        String trained = run("train", "--features", features.toString(), "--labels", labels.toString(), "--out",
                store.toString(), "--hmac-key-file", keyFile.toString());
        assertThat(trained).contains("cross-validated ROC-AUC");

        Path out = folder.resolve("out");
        String scored = run("score", "--features", features.toString(), "--date", "2026-11-24", "--out", out.toString(),
                "--models", store.toString(), "--hmac-key-file", keyFile.toString());
        assertThat(scored).contains("scored 300 accounts for 2026-11-24");
        assertThat(out.resolve("scores").resolve("date=2026-11-24")).isDirectory();
        List<String> csv = Files.readAllLines(out.resolve("scores.csv"));
        assertThat(csv.get(0)).isEqualTo("account_id,date,risk_score,tier,cluster_id,reasons,rule_score,anomaly_score,"
                + "model_score,explanation,cohort");
        assertThat(csv).hasSize(301);
        assertThat(csv.get(1)).contains("LOGPROB_HARVEST").contains("review");
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("score-manifest.json").toFile());
        assertThat(manifest.path("model").asText()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
        assertThat(manifest.path("warnings").toString()).contains("rule template-sweep (TEMPLATE_SWEEP) skipped")
                .contains("no clusters (--clusters)");

        // The same store and one model folder of it on a file system only Hadoop resolves (a viewfs mount given in
        // the configuration's Spark settings, its cache off): the same model scores the same table.
        String table = "score" + Long.toHexString(System.nanoTime());
        String[] mount = {"--set", "spark.settings.spark.hadoop.fs.viewfs.mounttable." + table + ".link./data="
                + folder.toUri(), "--set", "spark.settings.spark.hadoop.fs.viewfs.impl.disable.cache=true"};
        String modelId = manifest.path("model").asText();
        for (String[] choice : List.of(new String[] {"--models", "viewfs://" + table + "/data/models"},
                new String[] {"--model", "viewfs://" + table + "/data/models/" + modelId})) {
            Path remoteOut = folder.resolve("out-remote-" + choice[0].substring(2));
            List<String> args = new ArrayList<>(List.of("score", "--features", features.toString(), "--date", "2026-11-24",
                    "--out", "viewfs://" + table + "/data/" + remoteOut.getFileName(), choice[0], choice[1],
                    "--hmac-key-file", keyFile.toString()));
            args.addAll(List.of(mount));
            assertThat(run(args.toArray(String[]::new))).contains("scored 300 accounts for 2026-11-24 with model " + modelId);
            assertThat(remoteOut.resolve("scores.csv")).as(choice[0]).hasSameTextualContentAs(out.resolve("scores.csv"));
        }

        String evaluated = run("evaluate", "--scores", out.toString(), "--truth", labels.toString());
        assertThat(evaluated).contains("ROC-AUC", "logprob-harvester");
        JsonNode evaluation = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        assertThat(evaluation.path("rocAuc").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void givenNoModel_whenScored_thenRulesAndIsolationForestAlone() {
        Path out = folder.resolve("out-none");
        String scored = run("score", "--features", features.toString(), "--date", "2026-11-23", "--out", out.toString(),
                "--model", "none");
        assertThat(scored).contains("with model none");
        assertThat(out.resolve("scores.csv")).exists();
    }

    @Test
    void givenClusters_whenScoredWithoutAModel_thenMembersCarryTheClusterAndTheHydraReasonAndNoOneElseDoes() throws Exception {
        Path clusters = folder.resolve("clusters");
        StructType schema = new StructType().add("account_id", DataTypes.StringType).add("date", DataTypes.StringType)
                .add("cluster_id", DataTypes.StringType).add("cluster_size", DataTypes.LongType)
                .add("cluster_score", DataTypes.DoubleType);
        List<Row> members = new ArrayList<>();
        for (int account = 100; account < 106; account++) {
            members.add(RowFactory.create("acct_" + account, "2026-11-24", "cl_test", 6L, 0.9));
        }
        writeByDate(members, schema, clusters);
        Path out = folder.resolve("out-clusters");

        run("score", "--features", features.toString(), "--clusters", clusters.toString(), "--date", "2026-11-24",
                "--out", out.toString(), "--model", "none");

        List<String> csv = Files.readAllLines(out.resolve("scores.csv"));
        List<String> hydra = csv.stream().filter(line -> line.contains("HYDRA_CLUSTER")).toList();
        assertThat(hydra).hasSize(6).allSatisfy(line -> assertThat(line).contains("cl_test"));
        assertThat(csv.stream().filter(line -> line.contains("cl_test"))).hasSize(6);
        JsonNode manifest = new ObjectMapper().readTree(out.resolve("score-manifest.json").toFile());
        assertThat(manifest.path("warnings").toString()).doesNotContain("no clusters");
        assertThat(manifest.path("feature_columns").toString()).contains("cluster_size").contains("cluster_score");
    }
}
