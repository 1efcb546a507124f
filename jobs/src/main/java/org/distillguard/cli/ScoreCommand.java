package org.distillguard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.redact.HmacKey;
import org.distillguard.scoring.LocalModelStore;
import org.distillguard.scoring.ModelResolver;
import org.distillguard.scoring.ModelStore;
import org.distillguard.scoring.RuleSet;
import org.distillguard.scoring.ScoreJob;
import org.distillguard.scoring.ScoreRequest;
import org.distillguard.scoring.ScoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {
            "Scores one day of a feature table: rules with reason codes, an isolation forest over the population and",
            "the supervised model (the newest valid model in the store, else the bundled bootstrap model). Writes",
            "<out>/scores/date=…/ (Parquet), <out>/scores.csv and <out>/score-manifest.json."})
final class ScoreCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--features", required = true, paramLabel = "DIR", description = "Feature table (date=… partitions).")
    String features;

    @Option(names = "--clusters", paramLabel = "DIR", description = "Clusters from the coordination stage (date=… partitions).")
    String clusters;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Day to score.")
    LocalDate date;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    String out;

    @Option(names = "--model", defaultValue = "latest", paramLabel = "ID|PATH|latest|bootstrap|none",
            description = "Model id in the store, a model folder (a path or a Hadoop URI), latest (default), bootstrap, or none"
                    + " (rules and isolation forest only).")
    String model;

    @Option(names = "--models", paramLabel = "DIR|URI",
            description = "Model store, a folder or a Hadoop URI such as hdfs://… (default: scoring.model-store).")
    String models;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        RuleSet rules = RuleSet.load(resolve(Path.of(config.scoring().rulesFile())));
        // The default store is a folder on this machine: a file: URI, so that a cluster's fs.defaultFS does not move it.
        String store = models != null ? models : resolve(Path.of(config.scoring().modelStore())).toUri().toString();
        String choice = model;
        if (!List.of(ModelResolver.LATEST, ModelResolver.BOOTSTRAP, ScoreJob.NO_MODEL).contains(model)
                && remoteScheme(model)) {
            // One model folder on another file system: read it from a copy of the folder that holds it. (Without a
            // scheme, --model is a model id or a local folder, as ModelResolver takes it.)
            org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(model);
            store = folder.getParent().toString();
            choice = folder.getName();
        }
        String chosenModel = choice;
        Path bootstrap = TrainCommand.bundledBootstrap();
        Optional<HmacKey> key = common.optionalKey();
        List<String> warnings = new ArrayList<>();
        SparkSession spark = Sessions.start("distillguard-score", config);
        try (LocalModelStore local = LocalModelStore.open(spark.sparkContext().hadoopConfiguration(),
                new org.apache.hadoop.fs.Path(store))) {
            ScoreResult result = ScoreJob.run(spark, config.scoring(),
                    new ScoreRequest(features, Optional.ofNullable(clusters), date, out), rules,
                    tableFeatures -> local.resolve(chosenModel, bootstrap, key, tableFeatures, warnings), warnings);
            System.out.printf("scored %,d accounts for %s with model %s: review %,d, watch %,d, ok %,d -> %s%n",
                    result.accounts(), date, result.model(), result.tiers().get("review"), result.tiers().get("watch"),
                    result.tiers().get("ok"), out);
            for (String warning : result.warnings()) {
                System.out.println("warning: " + warning);
            }
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }

    /** A relative configuration path is taken from the install folder when it is not in the working directory. */
    static Path resolve(Path path) {
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        Path installed = DemoCommand.home().resolve(path);
        if (Files.exists(installed) || !path.startsWith("conf")) {
            return installed;
        }
        // Submitted with only the jar: the shipped conf/ files are inside it too.
        return org.distillguard.runtime.BundledConf.file(path.subpath(1, path.getNameCount()).toString()).orElse(installed);
    }

    private static boolean remoteScheme(String location) {
        String scheme = new org.apache.hadoop.fs.Path(location).toUri().getScheme();
        return scheme != null && !scheme.equalsIgnoreCase("file");
    }
}
