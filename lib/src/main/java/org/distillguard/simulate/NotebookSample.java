package org.distillguard.simulate;

import java.nio.file.Path;

/**
 * The sample under {@code notebooks-data/sample/}: the {@code demo} preset with its default seed, gzip on, read
 * from the full corpora. Regenerate with
 * {@code mvn -B -q -o -pl lib test -Dtest=RegenerateSamplesTest -Ddistillguard.regenerate=notebooks}.
 */
public final class NotebookSample {

    private NotebookSample() {
    }

    public static SimulationSpec spec(Path corporaDirectory) {
        return SimulationSpec.preset(SimulationSpec.DEMO).withCorporaDirectory(corporaDirectory);
    }

    public static SimulationResult write(Path corporaDirectory, Path outputDirectory) {
        return Simulator.run(spec(corporaDirectory), outputDirectory);
    }
}
