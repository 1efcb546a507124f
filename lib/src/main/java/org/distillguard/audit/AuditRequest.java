package org.distillguard.audit;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One audit run.
 *
 * @param inputs files or folders (searched recursively) of raw request logs
 * @param outputDirectory where {@code audit.html}, {@code audit.csv}, {@code audit.json}, {@code purge.csv} and
 *     {@code purge.json} are written
 * @param from when present, records whose UTC date is before it are skipped
 * @param to when present, records whose UTC date is after it are skipped (inclusive range); records without a
 *     readable timestamp are always scanned, since they cannot be placed outside the range
 */
public record AuditRequest(List<String> inputs, String outputDirectory, Optional<LocalDate> from, Optional<LocalDate> to) {
    public AuditRequest {
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Invalid audit request: no input given (expected --input PATH)");
        }
        requireNonNull(outputDirectory, "outputDirectory is null");
        if (outputDirectory.isBlank()) {
            throw new IllegalArgumentException("Invalid audit request: empty output folder (expected --out DIR)");
        }
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("Invalid date range: " + from.get() + " to " + to.get()
                    + " (expected --from on or before --to)");
        }
    }

    /** An audit of every date found. */
    public static AuditRequest allDates(List<String> inputs, String outputDirectory) {
        return new AuditRequest(inputs, outputDirectory, Optional.empty(), Optional.empty());
    }
}
