package org.distillguard.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.nightly.Warehouse;
import org.distillguard.review.SqlViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {
            "Runs one Spark SQL query over every published output of the warehouse, registered as views (events,",
            "quarantine, features, features_7d, features_28d, account_day_evidence, clusters, cluster_summary, scores,",
            "verdicts, labels — whichever exist). See notebooks-data/README.md for the tables and examples."})
final class SqlCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder.")
    String warehouse;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the result as CSV instead of printing it.")
    Path csv;

    @Option(names = "--limit", paramLabel = "N", description = "Rows at most (default: ${DEFAULT-VALUE}).")
    int limit = 50;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The SELECT to run.")
    String query;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new IllegalArgumentException("Invalid --limit: " + limit + " (expected at least 1)");
        }
        DistillGuardConfig config = common.config();
        SparkSession spark = Sessions.start("distillguard-sql", config);
        try {
            List<String> warnings = new java.util.ArrayList<>();
            List<String> views = SqlViews.register(spark, new Warehouse(warehouse, spark.sparkContext().hadoopConfiguration()),
                    warnings);
            warnings.forEach(warning -> System.err.println("WARNING: " + warning));
            System.err.println("views: " + String.join(", ", views));
            Dataset<Row> result = spark.sql(query);
            if (csv != null) {
                int rows = SqlViews.writeCsv(result, limit, csv);
                System.out.println("Wrote " + rows + " rows to " + csv);
            } else {
                System.out.print(SqlViews.table(result, limit));
            }
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
