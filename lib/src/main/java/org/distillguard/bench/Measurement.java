package org.distillguard.bench;

import static java.util.Objects.requireNonNull;

/**
 * One timed step of a benchmark run.
 *
 * @param stage what was timed
 * @param baseline the stage this one is compared with, or empty
 * @param rows input rows processed
 * @param bytes input bytes processed
 * @param seconds wall time
 * @param cpuSeconds CPU time of the whole process over the step (all threads), steadier than wall time on a shared
 *     machine
 * @param peakHeapBytes peak heap in use during the step (JVM heap pools, after a GC before the step), garbage
 *     included
 * @param peakHeapAfterGcBytes the largest heap in use just after a garbage collection during the step: closer to
 *     what the JVM retained (the heap after the collection before the step when none ran during it)
 */
public record Measurement(String stage, String baseline, long rows, long bytes, double seconds, double cpuSeconds,
        long peakHeapBytes, long peakHeapAfterGcBytes) {
    public Measurement {
        requireNonNull(stage, "stage is null");
        requireNonNull(baseline, "baseline is null");
    }

    public double rowsPerSecond() {
        return rows / seconds;
    }

    public double megabytesPerSecond() {
        return bytes / 1e6 / seconds;
    }
}
