package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The night at a glance: what came in (from the manifest), what was flagged, and what changed since the previous
 * published night.
 *
 * @param previousDate the previous published date, when there is one
 * @param newFlags accounts flagged tonight that were not flagged the previous night
 * @param clearedFlags accounts flagged the previous night that are not flagged tonight
 */
public record NightSummary(LocalDate date, long records, long events, long duplicates, long quarantinedTotal,
        Map<String, Long> quarantined, long accountsScored, long flagged, long inReview, long watched, int clusters,
        Optional<LocalDate> previousDate, long previousFlagged, int newFlags, int clearedFlags) {

    public NightSummary {
        requireNonNull(date, "date is null");
        quarantined = Map.copyOf(quarantined);
        requireNonNull(previousDate, "previousDate is null");
    }
}
