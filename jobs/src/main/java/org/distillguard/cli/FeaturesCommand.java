package org.distillguard.cli;

import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.features.FeatureJob;
import org.distillguard.features.WeekStates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "features", mixinStandardHelpOptions = true,
        description = {
            "Computes one row per account for a date from canonical events (the output of ingest), in one pass, and",
            "the 7- and 28-day windows by merging the daily and 7-day states stored under --out. Writes features/,",
            "features_7d/, features_28d/, feature_state/, feature_state_7d/ and account_day_evidence/ (Parquet,",
            "date=…) and a CSV."})
final class FeaturesCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--events", required = true, paramLabel = "DIR", description = "Events folder written by ingest (events/).")
    String events;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD") LocalDate date;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder; earlier dates' states are read from here.")
    String out;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        SparkSession spark = Sessions.start("distillguard-features", config);
        try {
            long started = System.nanoTime();
            FeatureJob.Result result = FeatureJob.run(spark, config, events, date, out);
            System.out.printf(Locale.ROOT, "features %s: %,d accounts (7-day window %,d, 28-day window %,d with %d of"
                    + " its %d earlier weeks from stored 7-day states) in %.1f s -> %s%n",
                    date, result.accountDays(), result.accounts7d(), result.accounts28d(), result.storedWeeks(),
                    WeekStates.WEEKS - 1,
                    (System.nanoTime() - started) / 1e9, out);
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
