package org.distillguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The result of a benchmark run: a Markdown table for people and JSON for machines. */
public record BenchmarkReport(long rows, long bytes, List<Measurement> measurements, Map<String, String> machine,
        List<String> notes) {

    public BenchmarkReport {
        measurements = List.copyOf(measurements);
        machine = Map.copyOf(machine);
        notes = List.copyOf(notes);
    }


    public Optional<Measurement> find(String stage) {
        return measurements.stream().filter(measurement -> measurement.stage().equals(stage)).findFirst();
    }

    public String markdown() {
        int cores = Integer.parseInt(machine.getOrDefault("cores", "1"));
        StringBuilder out = new StringBuilder();
        String master = machine.getOrDefault("master", "local[*]");
        boolean local = master.startsWith("local");
        out.append(String.format(Locale.ROOT,
                "%,d rows, %.1f MB of JSONL; %s cores, max heap %s, %s (collector: %s), %s; Spark master %s%n%n",
                rows, bytes / 1e6, machine.get("cores"), machine.get("max heap"), machine.get("java"),
                machine.getOrDefault("collector", "not recorded"), machine.get("os"), master));
        out.append(local
                ? "Heap columns are the one JVM's: in local mode the driver and the executors share it.\n\n"
                : "Heap columns are the driver's alone (the executors run in their own JVMs); CPU seconds too.\n\n");
        out.append("| stage | rows/s | MB/s | rows/s per core | seconds | CPU seconds | peak heap MB | peak heap after GC MB | vs baseline |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Measurement measurement : measurements) {
            String ratio = "";
            if (!measurement.baseline().isEmpty()) {
                Optional<Measurement> baseline = find(measurement.baseline());
                if (baseline.isPresent()) {
                    ratio = String.format(Locale.ROOT, "%.2f× %s", measurement.rowsPerSecond() / baseline.get().rowsPerSecond(),
                            measurement.baseline());
                }
            }
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.1f | %,.0f | %.2f | %.2f | %,d | %,d | %s |%n",
                    measurement.stage(), measurement.rowsPerSecond(), measurement.megabytesPerSecond(),
                    measurement.rowsPerSecond() / cores, measurement.seconds(), measurement.cpuSeconds(),
                    measurement.peakHeapBytes() >> 20, measurement.peakHeapAfterGcBytes() >> 20, ratio));
        }
        for (Measurement measurement : measurements) {
            if (measurement.baseline().isEmpty()) {
                continue;
            }
            find(measurement.baseline()).ifPresent(baseline -> out.append(String.format(Locale.ROOT,
                    "%n%s costs %.2f× %s in wall time (%.2f s / %.2f s) and %.2f× in CPU time (%.2f s / %.2f s)",
                    measurement.stage(), measurement.seconds() / baseline.seconds(), baseline.stage(),
                    measurement.seconds(), baseline.seconds(), measurement.cpuSeconds() / Math.max(1e-9, baseline.cpuSeconds()),
                    measurement.cpuSeconds(), baseline.cpuSeconds())));
        }
        out.append('\n');
        for (String note : notes) {
            out.append('\n').append(note);
        }
        if (!notes.isEmpty()) {
            out.append('\n');
        }
        return out.toString();
    }

    public void writeJson(Path file) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
