package org.distillguard.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.publish.Directories;
import org.distillguard.scoring.GradientBoostParameters;
import org.distillguard.scoring.ModelStore;
import org.distillguard.scoring.ModelTrainer;
import org.distillguard.scoring.TrainRequest;
import org.distillguard.scoring.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {
            "Trains the supervised model on labels (analyst verdicts or simulator truth) with cross-validation grouped",
            "by cluster and account, calibrates it and chooses per-cohort thresholds. Writes <out>/<id>/ signed with",
            "DISTILLGUARD_HMAC_KEY. With --bootstrap, simulates labelled traffic itself and writes the bundled",
            "bootstrap model to --out (signed with the published bootstrap key)."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--features", paramLabel = "DIR", description = "Feature table (date=… partitions).")
    String features;

    @Option(names = "--labels", paramLabel = "FILE", description = "CSV account_id,label[,kind,cluster_id].")
    String labels;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Model store to add the model to, a path or any Hadoop URI (or, with --bootstrap, the local bootstrap folder).")
    String out;

    @Option(names = "--bootstrap", description = "Train the bootstrap model on simulated traffic (several seeds, every archetype).")
    boolean bootstrap;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "target/bootstrap-work",
            description = "With --bootstrap: folder for the simulated logs and features (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--holdout-seed", paramLabel = "SEED",
            description = "Only simulate the hard preset with this seed into --work (features/ and labels.csv) for evaluation; train nothing.")
    Long holdoutSeed;

    @Option(names = "--holdout-accounts", paramLabel = "N", defaultValue = "3000",
            description = "With --holdout-seed: accounts to simulate (default: ${DEFAULT-VALUE}).")
    int holdoutAccounts;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        Path bootstrapFolder = bootstrap ? Directories.localPath(Sessions.hadoop("distillguard-train", config), out) : null;
        if (bootstrap && bootstrapFolder == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Invalid --out: " + out
                    + " (with --bootstrap, a local folder: the bootstrap model ships with the project)");
        }
        SparkSession spark = Sessions.start("distillguard-train", config);
        try {
            TrainRequest request;
            if (holdoutSeed != null) {
                TrainRequest holdout = BootstrapData.generate(spark, config, work, java.util.List.of(
                        org.distillguard.simulate.SimulationSpec.preset(org.distillguard.simulate.SimulationSpec.HARD)
                                .withSeed(holdoutSeed).withAccounts(holdoutAccounts).withDays(BootstrapData.DAYS)));
                System.out.println("held-out data: features " + holdout.features() + ", truth " + holdout.labels());
                return Main.EXIT_OK;
            }
            if (bootstrap) {
                request = BootstrapData.generate(spark, config, work);
            } else {
                if (features == null || labels == null) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "Missing --features and --labels (or pass --bootstrap)");
                }
                request = new TrainRequest(features, labels);
            }
            TrainedModel model = ModelTrainer.train(spark, request, config.scoring(), GradientBoostParameters.defaults());
            String folder;
            if (bootstrap) {
                ModelStore.write(model, bootstrapFolder, ModelStore.bootstrapKey(), ModelStore.SIGNER_BOOTSTRAP, "bootstrap");
                folder = out;
            } else {
                folder = org.distillguard.scoring.LocalModelStore.writeVersioned(model,
                        spark.sparkContext().hadoopConfiguration(), out, common.requiredKey(), Instant.now());
            }
            System.out.printf("trained on %s rows (%s distilling), %d features; cross-validated ROC-AUC %.4f, PR-AUC %.4f -> %s%n",
                    model.trainingSummary().get("rows"), model.trainingSummary().get("distilling_rows"),
                    model.features().size(), (Double) model.metrics().get("roc_auc"), (Double) model.metrics().get("pr_auc"), folder);
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }

    /** The bootstrap model that ships with the project. */
    static Path bundledBootstrap() {
        String override = System.getProperty("distillguard.bootstrap-model");
        if (override != null) {
            return Path.of(override);
        }
        Path installed = DemoCommand.home().resolve("conf").resolve("models").resolve("bootstrap");
        if (java.nio.file.Files.isDirectory(installed)) {
            return installed;
        }
        // Submitted with only the jar: the model ships inside it too.
        return org.distillguard.runtime.BundledConf.folder("models/bootstrap", java.util.List.of(
                org.distillguard.scoring.ModelStore.MODEL_FILE, org.distillguard.scoring.ModelStore.FEATURES_FILE,
                org.distillguard.scoring.ModelStore.PARAMETERS_FILE, org.distillguard.scoring.ModelStore.CALIBRATION_FILE,
                org.distillguard.scoring.ModelStore.THRESHOLDS_FILE, org.distillguard.scoring.ModelStore.SUMMARY_FILE,
                org.distillguard.scoring.ModelStore.METRICS_FILE, org.distillguard.scoring.ModelStore.MANIFEST_FILE))
                .orElse(installed);
    }
}
