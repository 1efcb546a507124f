package org.distillguard.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.coordination.CoordinationJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "coordination", mixinStandardHelpOptions = true,
        description = {
            "Finds groups of accounts that act together (shared templates, near-duplicate prompts, rare networks,",
            "cards and user agents, sign-ups close together, synchronized activity) in one date's feature outputs,",
            "scores each group and writes <out>/clusters/date=D/ (one row per member), <out>/cluster_summary/date=D/",
            "and <out>/clusters-D.csv. Run the feature stage for the date first."})
final class CoordinationCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--events", paramLabel = "DIR",
            description = "Ingested events folder (optional; every signal used today is in the feature outputs).")
    String events;

    @Option(names = "--features", required = true, paramLabel = "DIR",
            description = "The feature stage's output folder (account_day_evidence/, features/, feature_state/).")
    String features;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The date to process.")
    LocalDate date;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    String out;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        SparkSession spark = Sessions.start("distillguard-coordination", config);
        try {
            CoordinationJob.Result result = CoordinationJob.run(spark, config, events, features, date, out);
            System.out.printf("coordination %s: %,d accounts, %,d edges, %,d clusters (%,d members), %,d flagged"
                            + " (%,d members) at score >= %.2f; components %s -> %s%n",
                    result.date(), result.accounts(), result.edges(), result.clusters(), result.members(),
                    result.flaggedClusters(), result.flaggedMembers(), config.coordination().score().flag(),
                    result.rounds() == 0 ? "found on the driver in one pass"
                            : (result.converged() ? "converged" : "stopped at the round limit") + " after "
                                    + result.rounds() + " rounds", out);
            if (result.splits() > 0) {
                System.out.printf("  oversized components (over %,d members) split %d time(s), edge threshold raised to %.2f;"
                                + " %,d still oversized and kept whole%n", config.coordination().maxClusterAccounts(),
                        result.splits(), result.highestThreshold(), result.oversizedKept());
            }
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
