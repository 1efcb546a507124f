package org.distillguard.simulate;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: measures generation speed on the {@code bench} preset (100,000 accounts, one day). Skipped unless
 * asked for; prints records, seconds and records per minute (corpora loading excluded, it is timed apart):
 *
 * <pre>mvn -B -q -o -pl lib test -Dtest=SimulatorBenchmarkTest -Ddistillguard.benchmark=bench</pre>
 */
class SimulatorBenchmarkTest {

    @Test
    @EnabledIfSystemProperty(named = "distillguard.benchmark", matches = ".+")
    void measureGenerationSpeed() {
        SimulationSpec spec = SimulationSpec.preset(System.getProperty("distillguard.benchmark"))
                .withCorporaDirectory(Path.of("..", "..", "shared", "datasets", "dev"));
        if (Boolean.getBoolean("distillguard.benchmark.gzip")) {
            spec = spec.withGzip(true);
        }
        long loadStart = System.nanoTime();
        Corpora corpora = Corpora.load(spec.corporaDirectory());
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        long start = System.nanoTime();
        SimulationResult result = Simulator.run(spec, corpora, Path.of("target", "benchmark"), PromptDecorator.identity());
        double seconds = (System.nanoTime() - start) / 1e9;
        String report = String.format(java.util.Locale.ROOT, "preset=%s accounts=%d days=%d gzip=%s corpora=%s (loaded in %.1f s)%nrecords=%d seconds=%.1f records/min=%.0f%n",
                spec.scenario(), spec.accounts(), spec.days(), spec.gzip(), result.corporaSource(), loadSeconds, result.totalRecords(), seconds,
                result.totalRecords() / seconds * 60);
        System.out.print(report);
        try {
            java.nio.file.Files.writeString(Path.of("target", "benchmark.txt"), report);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
