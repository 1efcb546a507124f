package org.distillguard.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.nightly.Warehouse;
import org.distillguard.review.ReviewJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "review-report", mixinStandardHelpOptions = true,
        description = {
            "Writes review/review_queue.csv, review/review_queue.json and review/report.html into a published date",
            "of the warehouse (default: the newest), from its scores and whatever else is published."})
final class ReviewReportCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder.")
    String warehouse;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Published date (default: the newest).")
    LocalDate date;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        SparkSession spark = Sessions.start("distillguard-review-report", config);
        try {
            Warehouse store = new Warehouse(warehouse, spark.sparkContext().hadoopConfiguration());
            ReviewJob.ReviewResult result = date == null ? ReviewJob.runLatest(spark, store, config.review())
                    : ReviewJob.run(spark, store, date, config.review());
            System.out.println("review " + result.date() + ": " + result.queued() + " of " + result.flagged()
                    + " flagged accounts queued, " + result.accountSections() + " account and " + result.clusterSections()
                    + " cluster sections, model " + result.modelId() + " → " + result.folder());
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
