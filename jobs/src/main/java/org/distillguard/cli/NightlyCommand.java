package org.distillguard.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.nightly.NightlyJob;
import org.distillguard.nightly.NightlyManifest;
import org.distillguard.nightly.NightlyRequest;
import org.distillguard.nightly.Progress;
import org.distillguard.nightly.ScoringSetup;
import org.distillguard.nightly.TaskProgressListener;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "nightly", mixinStandardHelpOptions = true,
        description = {
            "Runs ingest, features and scoring for a date (or a range, in order) against a warehouse folder, checks",
            "data-quality gates, and publishes the whole date atomically. Re-running a date replaces that date only.",
            "Needs DISTILLGUARD_HMAC_KEY or --hmac-key-file."})
final class NightlyCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--input", required = true, split = ",", paramLabel = "PATH",
            description = "Log file or folder covering the date(s); each date takes the events whose timestamp falls on it.")
    List<String> inputs;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder.")
    String warehouse;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Dates dates;

    static final class Dates {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The date to process.")
        LocalDate date;

        @ArgGroup(exclusive = false)
        Range range;
    }

    static final class Range {
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First date of a backfill.")
        LocalDate from;

        @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last date of a backfill.")
        LocalDate to;
    }

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        org.distillguard.redact.HmacKey key = common.requiredKey();
        Pseudonymizer pseudonymizer = new Pseudonymizer(key);
        ScoringSetup scoring = scoringSetup(config, java.util.Optional.of(key));
        List<LocalDate> days = dates.date != null ? List.of(dates.date) : NightlyRequest.range(dates.range.from, dates.range.to);
        SparkSession spark = Sessions.start("distillguard-nightly", config);
        TaskProgressListener listener = new TaskProgressListener(System.out);
        spark.sparkContext().addSparkListener(listener);
        long started = System.nanoTime();
        try {
            List<NightlyManifest> manifests = NightlyJob.run(spark, config, Redactors.fromConfig(config.redaction()),
                    pseudonymizer, new NightlyRequest(inputs, days, warehouse), scoring, printer(listener));
            Summaries.printNightly(System.out, manifests, (System.nanoTime() - started) / 1_000_000, warehouse);
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }

    /** The shipped rules and bootstrap model, found in the install folder (or the working directory). */
    static ScoringSetup scoringSetup(DistillGuardConfig config, java.util.Optional<org.distillguard.redact.HmacKey> key) {
        return new ScoringSetup(org.distillguard.scoring.RuleSet.load(ScoreCommand.resolve(java.nio.file.Path.of(config.scoring().rulesFile()))),
                TrainCommand.bundledBootstrap(), key);
    }

    static Progress printer(TaskProgressListener listener) {
        return new Progress() {
            @Override
            public void stage(String date, String stage, long rows, long millis) {
                System.out.printf(Locale.ROOT, "  %s %-10s %,12d rows %8.1f s%n", date, stage, rows, millis / 1000.0);
                listener.label(date + " after " + stage);
            }

            @Override
            public void note(String message) {
                System.out.println(message);
            }
        };
    }

    static String describe(Map<String, Long> counts) {
        return counts.toString();
    }
}
