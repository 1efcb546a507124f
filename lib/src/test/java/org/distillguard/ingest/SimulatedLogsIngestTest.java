package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.simulate.SecretPlanting;
import org.distillguard.simulate.SimulationResult;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator writes the input contract exactly: ingest quarantines nothing from it and redacts what it plants. */
class SimulatedLogsIngestTest {

    @TempDir
    Path folder;

    @Test
    void givenSimulatedLogsOfEveryKindWithPlantedSecrets_whenIngested_thenNothingIsQuarantinedAndEverySecretIsRedacted() throws IOException {
        Path logs = folder.resolve("logs");
        SimulationResult simulated = Simulator.run(SimulationSpec.preset(SimulationSpec.TEST).withGzip(true), logs,
                new SecretPlanting(0.05));
        SparkSession spark = SparkTestSession.get();

        IngestResult result = IngestJob.run(spark, DistillGuardConfig.defaults(), Redactor.withDefaultRules(),
                new Pseudonymizer(HmacKey.of("simulated-ingest-key-0123456789abcdef01234567")),
                new IngestRequest(List.of(logs.toString()), folder.resolve("out").toString(), Optional.empty()));

        assertThat(result.quarantined()).isEmpty();
        assertThat(result.records()).isEqualTo(simulated.totalRecords());
        assertThat(result.balances()).isTrue();
        assertThat(result.eventsByDate()).hasSize(simulated.recordsPerDay().size());
        var events = spark.read().parquet(folder.resolve("out").resolve(IngestJob.EVENTS_DIR).toString());
        long withSecrets = events.filter("size(secret_counts) > 0").count();
        assertThat(withSecrets).isGreaterThan(result.events() / 50);
        Set<String> truthAccounts = Files.readAllLines(logs.resolve("truth.csv")).stream().skip(1)
                .map(line -> line.split(",")[0]).collect(Collectors.toSet());
        assertThat(Set.copyOf(events.select("account_id").distinct().as(Encoders.STRING()).collectAsList()))
                .isEqualTo(truthAccounts);
    }
}
