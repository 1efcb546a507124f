package org.distillguard.ingest;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One ingest run.
 *
 * @param inputs files or folders (searched recursively) of request logs
 * @param outputDirectory where {@code events/date=…}, {@code quarantine/…} and {@code manifest.json} are published
 * @param date when present, only events whose UTC timestamp falls on this date are kept (others are counted as out
 *     of range); when absent, every date found is written
 */
public record IngestRequest(List<String> inputs, String outputDirectory, Optional<LocalDate> date) {
    public IngestRequest {
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Invalid ingest request: no input given (expected --input PATH)");
        }
        requireNonNull(outputDirectory, "outputDirectory is null");
        requireNonNull(date, "date is null");
    }

    /** Label of the run in file names: the date, or {@code all} when every date is taken. */
    public String label() {
        return date.map(LocalDate::toString).orElse("all");
    }
}
