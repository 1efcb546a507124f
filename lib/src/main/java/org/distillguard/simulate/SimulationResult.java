package org.distillguard.simulate;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one simulation wrote.
 *
 * @param recordsPerDay lines written per day (gateway retries count twice, as they appear twice in the log)
 * @param accountsByKind number of accounts of each kind, in kind order
 * @param files every file written, day files first, then {@code truth.csv}
 * @param corporaSource where the prompts and trace figures came from (a directory or the bundled sample)
 * @param releaseInstant the simulated model release that release chasers react to
 */
public record SimulationResult(
        SortedMap<LocalDate, Long> recordsPerDay,
        Map<Kind, Integer> accountsByKind,
        List<Path> files,
        String corporaSource,
        Instant releaseInstant) {

    public SimulationResult {
        recordsPerDay = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(recordsPerDay, "recordsPerDay is null")));
        java.util.EnumMap<Kind, Integer> copy = new java.util.EnumMap<>(Kind.class);
        copy.putAll(Objects.requireNonNull(accountsByKind, "accountsByKind is null"));
        accountsByKind = java.util.Collections.unmodifiableMap(copy);
        files = List.copyOf(files);
        Objects.requireNonNull(corporaSource, "corporaSource is null");
        Objects.requireNonNull(releaseInstant, "releaseInstant is null");
    }

    public long totalRecords() {
        return recordsPerDay.values().stream().mapToLong(Long::longValue).sum();
    }
}
