package org.distillguard.simulate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A coordinated group of light accounts run by one operator: shared prompt wrappers, user agent, a few /24
 * prefixes and payment fingerprints, sign-ups within a short window, one teacher dataset split between members,
 * and one load-balanced request schedule dealt out round-robin.
 *
 * @param wrapperIndexes indexes into {@link PromptMaterial#DISTILLER_WRAPPERS} the members share
 * @param teacherSource the corpus whose examples the members split disjointly
 * @param requestsPerMemberDay each member's share of the daily schedule
 * @param activeStartHour UTC hour the schedule starts every day
 * @param activeHours how long the schedule runs every day
 */
record HydraCluster(
        String id,
        int size,
        long seed,
        List<Integer> wrapperIndexes,
        String userAgent,
        List<String> ipPrefixes,
        List<String> paymentFingerprints,
        List<String> countries,
        String teacherSource,
        double requestsPerMemberDay,
        int activeStartHour,
        int activeHours,
        Instant createdAround) {

    HydraCluster {
        Objects.requireNonNull(id, "id is null");
        if (size < SimulationDefaults.HYDRA_MIN_MEMBERS || size > SimulationDefaults.HYDRA_MAX_MEMBERS) {
            throw new IllegalArgumentException("Invalid hydra cluster size: " + size + " (expected "
                    + SimulationDefaults.HYDRA_MIN_MEMBERS + " to " + SimulationDefaults.HYDRA_MAX_MEMBERS + ")");
        }
        wrapperIndexes = List.copyOf(wrapperIndexes);
        ipPrefixes = List.copyOf(ipPrefixes);
        paymentFingerprints = List.copyOf(paymentFingerprints);
        countries = List.copyOf(countries);
        if (activeHours < 1 || activeHours > 24) {
            throw new IllegalArgumentException("Invalid active hours: " + activeHours + " (expected 1 to 24)");
        }
    }
}
