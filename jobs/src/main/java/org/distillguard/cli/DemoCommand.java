package org.distillguard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.features.DailyFeatures;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.ingest.IngestResult;
import org.distillguard.publish.CsvExport;
import org.distillguard.publish.Directories;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs the pipeline end to end on the bundled sample logs in notebooks-data/sample, embedded (local[*]),",
            "with an ephemeral pseudonymization key unless DISTILLGUARD_HMAC_KEY is set, and prints where the results are."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--sample", paramLabel = "DIR", description = "Sample logs (default: notebooks-data/sample in the install).")
    Path sample;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        Path input = sample != null ? sample : home().resolve("notebooks-data").resolve("sample");
        if (!Files.isDirectory(input)) {
            throw new IllegalArgumentException("Cannot run the demo: sample folder " + input
                    + " does not exist (run from the project folder, or pass --sample DIR)");
        }
        Pseudonymizer pseudonymizer = new Pseudonymizer(common.keyOrEphemeral(System.out));
        Path output = out.toAbsolutePath();
        SparkSession spark = Sessions.start("distillguard-demo", config);
        try {
            IngestResult ingest = IngestJob.run(spark, config, Redactors.fromConfig(config.redaction()), pseudonymizer,
                    new IngestRequest(List.of(input.toString()), output.toString(), Optional.empty()));
            Summaries.printIngest(System.out, ingest, output.toString());

            Dataset<Row> events = spark.read().parquet(output.resolve(IngestJob.EVENTS_DIR).toString());
            Dataset<Row> features = DailyFeatures.compute(events, config.features()).cache();
            String featureFolder = output.resolve("features").toString();
            features.write().mode("overwrite").partitionBy("date").parquet(featureFolder);
            CsvExport.writeSingleFile(features, output.resolve("features.csv"));
            Directories.restrictToOwner(output.toString());
            System.out.printf("features: %,d account-days -> %s (Parquet) and %s%n", features.count(), featureFolder,
                    output.resolve("features.csv"));
            System.out.println("Results are in " + output);
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }

    /** The install folder: set by bin/distillguard, else the working directory. */
    static Path home() {
        String home = System.getProperty("distillguard.home");
        return home != null ? Paths.get(home) : Paths.get("").toAbsolutePath();
    }
}
