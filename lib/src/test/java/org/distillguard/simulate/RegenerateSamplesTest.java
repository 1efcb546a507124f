package org.distillguard.simulate;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: the reproducible way to regenerate the checked-in derived files. Skipped unless asked for, e.g. from
 * the project root:
 *
 * <pre>
 * mvn -B -q -o -pl lib test -Dtest=RegenerateSamplesTest -Ddistillguard.regenerate=corpora
 * mvn -B -q -o -pl lib test -Dtest=RegenerateSamplesTest -Ddistillguard.regenerate=notebooks
 * mvn -B -q -o -pl lib test -Dtest=RegenerateSamplesTest -Ddistillguard.regenerate=statistics
 * </pre>
 *
 * Surefire runs in {@code lib/}, so the project root is {@code ..} and the shared datasets are {@code ../../shared/datasets/dev}.
 */
class RegenerateSamplesTest {

    private static final Path PROJECT_ROOT = Path.of("..");
    private static final Path DATASETS = Path.of("..", "..", "shared", "datasets", "dev");

    @Test
    @EnabledIfSystemProperty(named = "distillguard.regenerate", matches = "corpora")
    void regenerateBundledCorporaSample() {
        BundledSample.write(Corpora.fromDirectory(DATASETS), PROJECT_ROOT.resolve("lib/src/main/resources/distillguard/corpora"));
    }

    @Test
    @EnabledIfSystemProperty(named = "distillguard.regenerate", matches = "notebooks")
    void regenerateNotebookSample() {
        NotebookSample.write(DATASETS, PROJECT_ROOT.resolve("notebooks-data/sample"));
    }

    @Test
    @EnabledIfSystemProperty(named = "distillguard.regenerate", matches = "statistics")
    void printStatisticsTable() throws java.io.IOException {
        Path out = Path.of("target", "simulator-statistics");
        SimulationSpec spec = SimulationSpec.preset(SimulationSpec.DEMO).withCorporaDirectory(DATASETS);
        Simulator.run(spec, out);
        String table = SimulatorStatistics.render(SimulatorStatistics.compute(out), SimulatorStatistics.reference(Corpora.load(spec.corporaDirectory())));
        System.out.println(table);
        java.nio.file.Files.writeString(Path.of("target", "simulator-statistics.md"), table);
    }
}
