package org.distillguard.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.eval.AccountOutcome;
import org.distillguard.eval.Evaluation;
import org.distillguard.eval.EvaluationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {
            "Measures scores against truth: ROC-AUC, PR-AUC, recall at benign FPR 0.1/0.5/1%%, precision@k of the",
            "review queue, recall per attack kind, FPR per benign kind, cluster recall. Prints a table and writes",
            "evaluation.json. An account scored on several days counts once, with its highest risk."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--scores", required = true, paramLabel = "DIR", description = "Score output folder (the --out of score) or its scores/ folder.")
    Path scores;

    @Option(names = "--truth", required = true, paramLabel = "FILE", description = "CSV account_id,label[,kind,cluster_id].")
    String truth;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write evaluation.json (default: beside the scores).")
    Path out;

    @Override
    public Integer call() throws Exception {
        DistillGuardConfig config = common.config();
        Path folder = Files.isDirectory(scores.resolve("scores")) ? scores.resolve("scores") : scores;
        SparkSession spark = Sessions.start("distillguard-evaluate", config);
        try {
            Dataset<Row> scored = spark.read().parquet(folder.toString())
                    .groupBy(col("account_id"))
                    .agg(max(col("risk_score")).as("risk_score"), max_by(col("tier"), col("risk_score")).as("tier"));
            Dataset<Row> labels = spark.read().option("header", "true").csv(truth);
            boolean hasKind = List.of(labels.columns()).contains("kind");
            boolean hasCluster = List.of(labels.columns()).contains("cluster_id");
            List<Row> rows = scored.join(labels.select(col("account_id"), col("label"),
                            hasKind ? col("kind") : org.apache.spark.sql.functions.lit("").as("kind"),
                            hasCluster ? col("cluster_id") : org.apache.spark.sql.functions.lit(null).cast("string").as("cluster_id")),
                    "account_id").collectAsList();
            List<AccountOutcome> outcomes = new ArrayList<>();
            for (Row row : rows) {
                String label = row.<String>getAs("label").trim().toLowerCase(java.util.Locale.ROOT);
                String kind = row.getAs("kind");
                String cluster = row.getAs("cluster_id");
                outcomes.add(new AccountOutcome(row.getAs("account_id"), row.<Double>getAs("risk_score"), row.getAs("tier"),
                        label.equals("distill") || label.equals("1") || label.equals("true"), kind == null ? "" : kind,
                        cluster == null || cluster.isBlank() ? Optional.empty() : Optional.of(cluster)));
            }
            EvaluationReport report = Evaluation.evaluate(outcomes, config.scoring().queueSize());
            System.out.print(report.table());
            Path json = out != null ? out : scores.resolve("evaluation.json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            System.out.println("-> " + json);
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
