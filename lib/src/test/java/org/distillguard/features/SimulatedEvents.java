package org.distillguard.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;
import org.distillguard.testing.SparkTestSession;

/** The test preset over several days, simulated and ingested once per JVM for the feature tests. */
final class SimulatedEvents {

    static final int DAYS = 4;
    private static Path root;

    private SimulatedEvents() {}

    /** Folder holding {@code logs/} (JSONL + truth.csv) and {@code ingested/events/}. */
    static synchronized Path root() {
        if (root == null) {
            try {
                Path folder = Files.createTempDirectory("distillguard-features-");
                Simulator.run(SimulationSpec.preset(SimulationSpec.TEST).withDays(DAYS), folder.resolve("logs"));
                IngestJob.run(SparkTestSession.get(), DistillGuardConfig.defaults(), Redactor.withDefaultRules(),
                        new Pseudonymizer(HmacKey.of("feature-tests-key-0123456789abcdef-0123456789")),
                        new IngestRequest(List.of(folder.resolve("logs").toString()),
                                folder.resolve("ingested").toString(), Optional.empty()));
                root = folder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    static String eventsDir() {
        return root().resolve("ingested").resolve(IngestJob.EVENTS_DIR).toString();
    }
}
