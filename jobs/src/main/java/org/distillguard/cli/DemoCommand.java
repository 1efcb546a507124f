package org.distillguard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.nightly.NightlyJob;
import org.distillguard.nightly.NightlyManifest;
import org.distillguard.nightly.NightlyRequest;
import org.distillguard.nightly.TaskProgressListener;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Runs the nightly pipeline (ingest, features, scoring, review) embedded (local[*]) over every day of the",
            "bundled sample logs in notebooks-data/sample, into a fresh warehouse, with an ephemeral pseudonymization key",
            "unless DISTILLGUARD_HMAC_KEY is set, and prints the summary and where the report is."})
final class DemoCommand implements Callable<Integer> {

    private static final Pattern DAY_FILE = Pattern.compile("events-(\\d{4}-\\d{2}-\\d{2})\\.jsonl(\\.gz)?");

    @Mixin
    CommonOptions common;

    @Option(names = "--sample", paramLabel = "DIR", description = "Sample logs (default: notebooks-data/sample in the install).")
    Path sample;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "Warehouse folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        DistillGuardConfig config = common.config();
        Path input = sample != null ? sample : home().resolve("notebooks-data").resolve("sample");
        if (!Files.isDirectory(input)) {
            throw new IllegalArgumentException("Cannot run the demo: sample folder " + input
                    + " does not exist (run from the project folder, or pass --sample DIR)");
        }
        List<LocalDate> days = days(input);
        HmacKey key = common.keyOrEphemeral(System.out);
        Path warehouse = out.toAbsolutePath();
        SparkSession spark = Sessions.start("distillguard-demo", config);
        TaskProgressListener listener = new TaskProgressListener(System.out);
        spark.sparkContext().addSparkListener(listener);
        long started = System.nanoTime();
        try {
            List<NightlyManifest> manifests = NightlyJob.run(spark, config, Redactors.fromConfig(config.redaction()),
                    new Pseudonymizer(key), new NightlyRequest(List.of(input.toString()), days, warehouse.toString()),
                    NightlyCommand.scoringSetup(config, Optional.of(key)), NightlyCommand.printer(listener));
            Summaries.printNightly(System.out, manifests, (System.nanoTime() - started) / 1_000_000, warehouse.toString());
            LocalDate last = days.get(days.size() - 1);
            Path published = warehouse.resolve("published").resolve("date=" + last);
            System.out.println();
            System.out.println("Results are in " + warehouse);
            System.out.println("  report        " + published.resolve("review").resolve("report.html"));
            System.out.println("  review queue  " + published.resolve("review").resolve("review_queue.csv"));
            System.out.println("  scores        " + published.resolve("scores").resolve("scores.csv"));
            System.out.println("Next: bin/distillguard review --warehouse " + warehouse + "   (serves the report on 127.0.0.1 with a token)");
            System.out.println("      bin/distillguard sql --warehouse " + warehouse + " \"SELECT tier, count(*) FROM scores GROUP BY tier\"");
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }

    /** The days the sample covers, from its file names (events-YYYY-MM-DD.jsonl[.gz]). */
    static List<LocalDate> days(Path sample) throws java.io.IOException {
        try (Stream<Path> files = Files.list(sample)) {
            List<LocalDate> days = files.map(path -> DAY_FILE.matcher(path.getFileName().toString()))
                    .filter(Matcher::matches).map(matcher -> LocalDate.parse(matcher.group(1))).sorted().toList();
            if (days.isEmpty()) {
                throw new IllegalArgumentException("Cannot run the demo: no events-YYYY-MM-DD.jsonl files in " + sample);
            }
            return days;
        }
    }

    /** The install folder: set by bin/distillguard, else the working directory. */
    static Path home() {
        String home = System.getProperty("distillguard.home");
        return home != null ? Paths.get(home) : Paths.get("").toAbsolutePath();
    }
}
