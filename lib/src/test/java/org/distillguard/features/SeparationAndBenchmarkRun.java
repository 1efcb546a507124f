package org.distillguard.features;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.FeatureConfig;
import org.distillguard.eval.SeparationReport;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opt-in runs that regenerate docs/separation.md and measure the feature pass against the aggregation floor:
 * {@code mvn -B -q -o -pl lib test -Dtest=SeparationAndBenchmarkRun -Ddistillguard.regenerate=separation} (or
 * {@code =benchmark}). Not part of the normal test run.
 */
class SeparationAndBenchmarkRun {

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void separation() throws Exception {
        Assumptions.assumeTrue("separation".equals(System.getProperty("distillguard.regenerate")));
        Path folder = Files.createTempDirectory("distillguard-separation-");
        Path eventsDir = ingest(SimulationSpec.preset(SimulationSpec.HARD), folder);
        Dataset<Row> features = DailyFeatures.compute(spark.read().parquet(eventsDir.toString()), FeatureConfig.defaults());
        Dataset<Row> truth = spark.read().option("header", "true").csv(folder.resolve("logs").resolve("truth.csv").toString());
        String table = SeparationReport.markdown(SeparationReport.compute(features, truth));
        String page = "# Feature separation on simulated traffic\n\n"
                + "ROC-AUC of each daily feature between an attack kind and the benign kind it most resembles, shown as\n"
                + "max(AUC, 1 - AUC) with the direction (↑: higher in the attack kind). Data: `SimulationSpec.preset(\"hard\")`\n"
                + "(5,000 accounts, 3 days, 1% attackers), ingested, then `DailyFeatures.compute`; one row per account-day.\n"
                + "Regenerate with `mvn -B -q -o -pl lib test -Dtest=SeparationAndBenchmarkRun -Ddistillguard.regenerate=separation`.\n\n"
                + table;
        Files.writeString(Path.of("..", "docs", "separation.md"), page, StandardCharsets.UTF_8);
        System.out.println(page);
    }

    @Test
    void benchmark() throws Exception {
        Assumptions.assumeTrue("benchmark".equals(System.getProperty("distillguard.regenerate")));
        Path folder = Files.createTempDirectory("distillguard-bench-");
        int accounts = Integer.getInteger("distillguard.bench.accounts", 60_000);
        String existing = System.getProperty("distillguard.bench.events");
        Path eventsDir = existing != null ? Path.of(existing)
                : ingest(SimulationSpec.preset(SimulationSpec.BENCH).withAccounts(accounts), folder);
        FeatureBenchmark.Timing timing = FeatureBenchmark.run(spark, eventsDir.toString(), FeatureConfig.defaults());
        System.out.printf("BENCH events=%d accountDays=%d floor=%.1fs (%.0f events/s) features=%.1fs (%.0f events/s) ratio=%.2f%n",
                timing.events(), timing.accountDays(), timing.floorSeconds(), timing.floorEventsPerSecond(),
                timing.featureSeconds(), timing.featureEventsPerSecond(), timing.ratio());
    }

    private Path ingest(SimulationSpec spec, Path folder) {
        Simulator.run(spec, folder.resolve("logs"));
        IngestJob.run(spark, DistillGuardConfig.defaults(), Redactor.withDefaultRules(),
                new Pseudonymizer(HmacKey.of("separation-run-key-0123456789abcdef-0123456789")),
                new IngestRequest(List.of(folder.resolve("logs").toString()), folder.resolve("ingested").toString(), Optional.empty()));
        return folder.resolve("ingested").resolve(IngestJob.EVENTS_DIR);
    }
}
