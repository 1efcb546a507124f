package org.distillguard.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.bench.Benchmark;
import org.distillguard.bench.BenchmarkReport;
import org.distillguard.bench.DuckDbBaseline;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Times the pipeline's stages beside baselines measured in the same run on the same simulated logs",
            "(generated once with the simulator's bench preset and cached), after a warm-up. Prints a Markdown",
            "table (rows/s, MB/s, rows/s per core, peak heap, ratio to the baseline) and writes it as JSON."})
final class BenchCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--rows", defaultValue = "1000000", paramLabel = "N", description = "Log lines (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--stages", split = ",", paramLabel = "STAGE",
            description = "Stages to time (default: all): io-floor, jackson-parse-1-thread, jackson-parse-all-cores, "
                    + "spark-json-to-parquet, spark-json-aggregate, ingest, audit, simulate, spark-events-read, "
                    + "spark-events-rewrite, spark-aggregate-floor, features (these four read the logs ingested once and "
                    + "cached as events-N/ under --data), window-floor, "
                    + "windows-from-days, windows (these three read 28 days of feature states built from those events, "
                    + "and the 7-day states of three weeks, cached as states-N/), nightly, "
                    + "score-floor, score (these two read a one-day table of --accounts accounts, cached as accounts-N/).")
    List<String> stages = Benchmark.STAGES;

    @Option(names = "--accounts", defaultValue = "1000000", paramLabel = "N",
            description = "Accounts in the one-day table the score-floor and score stages read (default: ${DEFAULT-VALUE}).")
    long accounts;

    @Option(names = "--data", defaultValue = "bench-data", paramLabel = "DIR", description = "Cache of generated logs (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--warm-up-rows", defaultValue = "20000", paramLabel = "N") long warmUpRows;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N",
            description = "Runs of each stage, in rounds of all the stages in turn; the fastest is reported and every run's time noted"
                    + " (default: ${DEFAULT-VALUE}). Later runs in the same JVM find Spark's generated code compiled: with 3, floor and"
                    + " stage compare warm, and under the same spells of the host's load.")
    int repeat;

    @Option(names = "--corpora", paramLabel = "DIR", description = "Real corpora for the simulator (default: ../shared/datasets/dev, else bundled).")
    Path corpora;

    @Option(names = "--duckdb-jar", paramLabel = "JAR",
            description = "DuckDB's JDBC driver for the duckdb-subset baseline (default: the one the build put in the local Maven repository).")
    Path duckDbJar = DuckDbBaseline.defaultJar();

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as JSON here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        DistillGuardConfig config = common.config();
        Files.createDirectories(data);
        Path work = Files.createTempDirectory(data, "work-");
        SparkSession spark = Sessions.start("distillguard-bench", config);
        try {
            BenchmarkReport report = Benchmark.run(spark, config, Redactors.fromConfig(config.redaction()),
                    new Pseudonymizer(HmacKey.ephemeral(new SecureRandom())),
                    new Benchmark.Options(rows, stages, data, work, Optional.ofNullable(corpora), warmUpRows, duckDbJar,
                            NightlyCommand.scoringSetup(config, Optional.empty()), accounts, repeat));
            System.out.println(report.markdown());
            if (out != null) {
                report.writeJson(out);
                System.out.println("wrote " + out);
            }
            return Main.EXIT_OK;
        } finally {
            spark.stop();
            Files.deleteIfExists(work);
        }
    }
}
