package org.distillguard.nightly;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * One nightly run: the logs to read and the dates to process, in order.
 *
 * @param inputs log files or folders; each date takes the events whose UTC timestamp falls on it
 * @param dates dates to process, oldest first (a backfill processes them in order and reuses daily state)
 * @param warehouse the warehouse folder
 */
public record NightlyRequest(List<String> inputs, List<LocalDate> dates, String warehouse) {
    public NightlyRequest {
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        dates = List.copyOf(requireNonNull(dates, "dates is null"));
        requireNonNull(warehouse, "warehouse is null");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Invalid nightly request: no input (expected --input PATH)");
        }
        if (dates.isEmpty()) {
            throw new IllegalArgumentException("Invalid nightly request: no date (expected --date or --from/--to)");
        }
        for (int i = 1; i < dates.size(); i++) {
            if (!dates.get(i).isAfter(dates.get(i - 1))) {
                throw new IllegalArgumentException("Invalid nightly request: dates must increase, got " + dates);
            }
        }
    }

    /** Every date from {@code from} to {@code to}, inclusive. */
    public static List<LocalDate> range(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("Invalid date range: " + from + " to " + to + " (expected --from on or before --to)");
        }
        return from.datesUntil(to.plusDays(1)).toList();
    }
}
