package org.distillguard.coordination;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opt-in runs, not tests and left out of the normal test run by their tag (run them with
 * {@code -Dtest.excluded.groups=none -Dtest=CoordinationEvaluationRun} plus the property below): the evaluation on the simulator's {@code hard} preset
 * ({@code -Ddistillguard.regenerate=coordination}) and the scale timing at 10,000 and 100,000 accounts
 * ({@code -Ddistillguard.regenerate=coordination-scale}). Both print their figures for docs/coordination.md.
 */
@org.junit.jupiter.api.Tag("tool")
class CoordinationEvaluationRun {

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void hardPreset() throws Exception {
        Assumptions.assumeTrue("coordination".equals(System.getProperty("distillguard.regenerate")));
        Path folder = Files.createTempDirectory("distillguard-coordination-");
        CoordinationEvaluation.Figures figures = CoordinationEvaluation.runSimulated(spark, DistillGuardConfig.defaults(),
                SimulationSpec.preset(SimulationSpec.HARD), folder, null);
        System.out.println("EVAL " + figures.line());
    }

    @Test
    void scale() throws Exception {
        Assumptions.assumeTrue("coordination-scale".equals(System.getProperty("distillguard.regenerate")));
        for (int accounts : new int[] {10_000, 100_000}) {
            Path folder = Files.createTempDirectory("distillguard-coordination-scale-");
            CoordinationEvaluation.Timing timing = CoordinationEvaluation.timeAt(spark, DistillGuardConfig.defaults(),
                    accounts, folder);
            System.out.printf("SCALE accounts=%d accountDays=%d edges=%d clusters=%d coordination=%.1fs%n",
                    timing.accounts(), timing.accountDays(), timing.edges(), timing.clusters(), timing.seconds());
        }
    }
}
