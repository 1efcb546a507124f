package org.distillguard.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.eval.SeparationReport;
import org.distillguard.features.DailyFeatures;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactors;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "separation", mixinStandardHelpOptions = true,
        description = {
            "Simulates traffic with ground truth (default: the hard preset), ingests it, computes the daily features and",
            "prints, for each feature, its ROC-AUC between each attack kind and each benign kind (docs/separation.md)."})
final class SeparationCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--preset", defaultValue = "hard", paramLabel = "NAME", description = "Simulator preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--seed", paramLabel = "S") Long seed;

    @Option(names = "--work", defaultValue = "separation-work", paramLabel = "DIR", description = "Scratch folder (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the Markdown page here (e.g. docs/separation.md).")
    Path out;

    @Override
    public Integer call() throws Exception {
        DistillGuardConfig config = common.config();
        SimulationSpec spec = SimulationSpec.preset(preset);
        if (seed != null) {
            spec = spec.withSeed(seed);
        }
        Path logs = work.resolve("logs");
        Simulator.run(spec, logs);
        SparkSession spark = Sessions.start("distillguard-separation", config);
        try {
            String ingested = work.resolve("ingested").toString();
            IngestJob.run(spark, config, Redactors.fromConfig(config.redaction()),
                    new Pseudonymizer(HmacKey.ephemeral(new SecureRandom())),
                    new IngestRequest(List.of(logs.toString()), ingested, Optional.empty()));
            Dataset<Row> features = DailyFeatures.compute(spark.read().parquet(work.resolve("ingested").resolve(IngestJob.EVENTS_DIR).toString()),
                    config.features());
            Dataset<Row> truth = spark.read().option("header", "true").csv(logs.resolve("truth.csv").toString());
            String table = SeparationReport.markdown(SeparationReport.compute(features, truth));
            String page = "# Feature separation on simulated traffic\n\n"
                    + "ROC-AUC of each daily feature between an attack kind and a benign kind, shown as max(AUC, 1 - AUC) with\n"
                    + "the direction (↑: higher in the attack kind). Data: the simulator's `" + spec.scenario() + "` preset ("
                    + spec.accounts() + " accounts, " + spec.days() + " days, seed " + spec.seed() + "), ingested, then the daily\n"
                    + "features; one row per account-day. Regenerate with\n`bin/distillguard separation --preset "
                    + spec.scenario() + " --out docs/separation.md`.\n\n" + table;
            System.out.println(page);
            if (out != null) {
                Files.writeString(out, page, StandardCharsets.UTF_8);
            }
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
