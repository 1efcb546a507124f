package org.distillguard.simulate;

import java.nio.file.Path;

/**
 * The sample under {@code notebooks-data/sample/}: the {@code demo} preset with its default seed, gzip on, read
 * from the full corpora, with synthetic secrets planted in {@value #SECRET_SHARE} of prompts so redaction and the
 * audit have something to find. Regenerate from the project folder with
 * {@code bin/distillguard simulate --preset demo --secret-share 0.02 --out notebooks-data/sample}.
 */
public final class NotebookSample {

    private NotebookSample() {
    }

    public static SimulationSpec spec(Path corporaDirectory) {
        return SimulationSpec.preset(SimulationSpec.DEMO).withCorporaDirectory(corporaDirectory);
    }

    public static final double SECRET_SHARE = 0.02;

    public static SimulationResult write(Path corporaDirectory, Path outputDirectory) {
        return Simulator.run(spec(corporaDirectory), outputDirectory, new SecretPlanting(SECRET_SHARE));
    }
}
