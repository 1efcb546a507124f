package org.distillguard.review;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.FeatureConfig;
import org.distillguard.features.DailyFeatures;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.nightly.Warehouse;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.testing.TestLogs;

/**
 * A small warehouse of two published nights, built the way the stages publish: events through the real ingest (with
 * hostile prompts, user agents and account ids), first features from those events, and hand-built scores, clusters and
 * evidence tables in the shapes the scoring and coordination stages write.
 */
final class ReviewFixture {

    static final LocalDate DAY_ONE = LocalDate.parse("2026-11-23");
    static final LocalDate DAY_TWO = LocalDate.parse("2026-11-24");

    static final String SCRIPT_TAG = "<script>alert(1)</script>";
    static final String IMG_ONERROR = "<img src=x onerror=alert(1)>";
    static final String BROKEN_MARKUP = "\"><svg onload=alert(1)>";
    static final String JAVASCRIPT_URL = "<a href=\"javascript:alert(1)\">click</a>";
    static final String STYLE_BREAK = "</style><script>alert(2)</script>";
    static final String LINE_SEPARATOR = "a\u2028b</script><!--";

    /** Accounts: a hostile id at the top, a three-member cluster, a lone watcher, and a benign account. */
    static final String HOSTILE_ACCOUNT = "acct_" + IMG_ONERROR;
    static final String HYDRA_ONE = "acct_hydra01";
    static final String HYDRA_TWO = "acct_hydra02";
    static final String HYDRA_THREE = "acct_hydra03";
    static final String LONE = "acct_lone0001";
    static final String BENIGN = "acct_benign01";
    static final String HOSTILE_CLUSTER = "cluster-\"><script>alert(1)</script>";

    private ReviewFixture() {}

    static Path build(SparkSession spark, Path root) {
        try {
            Path inputs = Files.createDirectories(root.resolve("inputs"));
            Path warehouse = root.resolve("warehouse");
            publishDay(spark, warehouse, inputs, DAY_ONE);
            publishDay(spark, warehouse, inputs, DAY_TWO);
            return warehouse;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Warehouse warehouse(Path root) {
        return new Warehouse(root.toString(), new Configuration());
    }

    private static void publishDay(SparkSession spark, Path warehouse, Path inputs, LocalDate date) throws IOException {
        Path dateFolder = warehouse.resolve("published").resolve("date=" + date);
        Files.createDirectories(dateFolder);
        Path log = inputs.resolve("evil-" + date + "-<b onmouseover=alert(3)>.jsonl");
        List<String> lines = new ArrayList<>();
        String[] prompts = {SCRIPT_TAG, IMG_ONERROR, BROKEN_MARKUP, JAVASCRIPT_URL, STYLE_BREAK, LINE_SEPARATOR,
            "Explain step by step: why is the sky blue?"};
        int id = 0;
        String[] accounts = {HOSTILE_ACCOUNT, HYDRA_ONE, HYDRA_TWO, HYDRA_THREE, LONE, BENIGN};
        for (String account : accounts) {
            for (int i = 0; i < prompts.length; i++) {
                int hour = account.startsWith("acct_hydra") ? 3 + i % 2 : (5 + i * 3) % 24;
                var record = TestLogs.record("req-" + date + "-" + id++, String.format("%sT%02d:%02d:00Z", date, hour, i),
                        account, prompts[i]);
                ((com.fasterxml.jackson.databind.node.ObjectNode) record.get("client")).put("user_agent",
                        account.startsWith("acct_hydra") ? "hydra-sdk/1.0 " + BROKEN_MARKUP : "python-httpx/0.27.0");
                lines.add(TestLogs.render(record));
            }
        }
        lines.add("{not json");
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Pseudonymizer pseudonymizer = new Pseudonymizer(HmacKey.fromEnvironment(
                Map.of(HmacKey.ENVIRONMENT_VARIABLE, "test-key-0123456789abcdef-0123456789abcdef")));
        DistillGuardConfig config = DistillGuardConfig.defaults().withIngest(new org.distillguard.config.IngestConfig(
                1 << 20, 0.5, 64 << 20, 16_384, 120, false));
        IngestJob.run(spark, config, Redactor.withDefaultRules(), pseudonymizer,
                new IngestRequest(List.of(log.toString()), dateFolder.resolve("ingest").toString(), Optional.of(date)));

        Dataset<Row> events = spark.read().parquet(dateFolder.resolve("ingest/events").toString());
        DailyFeatures.compute(events, FeatureConfig.defaults()).write().mode("overwrite").partitionBy("date")
                .parquet(dateFolder.resolve("features/features").toString());

        boolean second = date.equals(DAY_TWO);
        StructType scoreSchema = new StructType()
                .add("account_id", DataTypes.StringType, false).add("date", DataTypes.StringType, false)
                .add("risk_score", DataTypes.DoubleType, false).add("tier", DataTypes.StringType, false)
                .add("cluster_id", DataTypes.StringType, true)
                .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false), false)
                .add("rule_score", DataTypes.DoubleType, false).add("anomaly_score", DataTypes.DoubleType, false)
                .add("model_score", DataTypes.DoubleType, true).add("explanation", DataTypes.StringType, true);
        List<Row> scores = List.of(
                score(HOSTILE_ACCOUNT, date, 0.97, "review", null, List.of("=cmd|calc", "OUTPUT_HARVEST"), "explanation " + SCRIPT_TAG),
                score(HYDRA_ONE, date, 0.81, "review", HOSTILE_CLUSTER, List.of("HYDRA_CLUSTER", "TEMPLATE_SWEEP"), null),
                score(HYDRA_TWO, date, 0.66, "review", HOSTILE_CLUSTER, List.of("HYDRA_CLUSTER"), null),
                score(HYDRA_THREE, date, second ? 0.45 : 0.2, second ? "watch" : "ok", HOSTILE_CLUSTER, List.of("HYDRA_CLUSTER"), null),
                score(LONE, date, second ? 0.72 : 0.3, second ? "review" : "ok", null, List.of("COT_ELICITATION"), null),
                score(BENIGN, date, 0.05, "ok", null, List.of(), null));
        spark.createDataFrame(scores, scoreSchema).write().mode("overwrite").partitionBy("date")
                .parquet(dateFolder.resolve("scores/scores").toString());

        StructType clusterSchema = new StructType()
                .add("account_id", DataTypes.StringType, false).add("date", DataTypes.StringType, false)
                .add("cluster_id", DataTypes.StringType, false).add("cluster_size", DataTypes.IntegerType, false)
                .add("cluster_score", DataTypes.DoubleType, false)
                .add("cluster_reasons", DataTypes.createArrayType(DataTypes.StringType, false), false);
        List<Row> members = new ArrayList<>();
        for (String member : List.of(HYDRA_ONE, HYDRA_TWO, HYDRA_THREE)) {
            members.add(RowFactory.create(member, date.toString(), HOSTILE_CLUSTER, 3, 0.9,
                    List.of("SHARED_TEMPLATES", "SYNCHRONIZED_ACTIVITY")));
        }
        spark.createDataFrame(members, clusterSchema).write().mode("overwrite").partitionBy("date")
                .parquet(dateFolder.resolve("clusters/clusters").toString());

        StructType evidenceSchema = new StructType()
                .add("account_id", DataTypes.StringType, false).add("date", DataTypes.StringType, false)
                .add("template_skeletons", DataTypes.createArrayType(DataTypes.StringType, false), false);
        List<Row> evidence = new ArrayList<>();
        for (String member : List.of(HYDRA_ONE, HYDRA_TWO, HYDRA_THREE, HOSTILE_ACCOUNT)) {
            evidence.add(RowFactory.create(member, date.toString(),
                    List.of("Translate <*> " + SCRIPT_TAG, "Answer as a teacher: <*> " + JAVASCRIPT_URL)));
        }
        spark.createDataFrame(evidence, evidenceSchema).write().mode("overwrite").partitionBy("date")
                .parquet(dateFolder.resolve("features/account_day_evidence").toString());

        Files.writeString(dateFolder.resolve("manifest.json"), """
                {"runId":"run-1","date":"%s","status":"published","records":43,"events":42,"duplicates":0,
                 "outOfRange":0,"quarantinedTotal":1,"quarantined":{"bad_json":1},"modelId":"gb-20261122"}
                """.formatted(date));
        Path model = Files.createDirectories(warehouse.resolve("models").resolve("gb-20261122"));
        Files.writeString(model.resolve("metrics.json"), "{\"precision_at_review\":0.91,\"recall_at_review\":0.77,"
                + "\"cohorts\":{\"auc\":0.95},\"note\":\"" + SCRIPT_TAG.replace("\"", "") + "\"}");
        Files.writeString(dateFolder.resolve("_SUCCESS"), "");
    }

    private static Row score(String account, LocalDate date, double risk, String tier, String cluster, List<String> reasons,
            String explanation) {
        return RowFactory.create(account, date.toString(), risk, tier, cluster, reasons, risk, 0.5, risk, explanation);
    }
}
