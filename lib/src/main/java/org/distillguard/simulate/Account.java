package org.distillguard.simulate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One simulated billing account with its fixed infrastructure and traffic parameters.
 *
 * @param index position in the population (sorted by id), used to break timestamp ties deterministically
 * @param seed the account's own randomness; per-day streams derive from it
 * @param ipAddresses addresses its requests come from (shared with others where infrastructure is shared)
 * @param userAgents user agents it sends, the first most often
 * @param cluster the hydra cluster it belongs to, if any
 * @param memberIndex position within the cluster (0 when not clustered); drives round-robin timing and the split
 *     of the cluster's teacher dataset
 * @param volume multiplier on the kind's typical requests per day (from the ServeGen per-client rate spread)
 * @param burstCv coefficient of variation of inter-arrival times (from the ServeGen per-client traces)
 * @param weibullArrivals whether inter-arrival times are Weibull (else Gamma) distributed
 * @param arrivalShape Weibull shape when {@code weibullArrivals}
 * @param utcOffsetHours local time of its users, for the diurnal pattern
 * @param attackMix share of requests that distill, for diluted distillers (0 otherwise)
 */
record Account(
        int index,
        String id,
        Kind kind,
        long seed,
        Instant createdAt,
        String paymentFingerprint,
        String country,
        List<String> ipAddresses,
        List<String> userAgents,
        List<String> apiKeyIds,
        Optional<HydraCluster> cluster,
        int memberIndex,
        double volume,
        double burstCv,
        boolean weibullArrivals,
        double arrivalShape,
        int utcOffsetHours,
        double attackMix) {

    Account {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
        ipAddresses = List.copyOf(ipAddresses);
        userAgents = List.copyOf(userAgents);
        apiKeyIds = List.copyOf(apiKeyIds);
        Objects.requireNonNull(cluster, "cluster is null");
        if (ipAddresses.isEmpty() || userAgents.isEmpty() || apiKeyIds.isEmpty()) {
            throw new IllegalArgumentException("Invalid account " + id + ": needs at least one IP address, user agent and API key");
        }
        if (!(volume > 0)) {
            throw new IllegalArgumentException("Invalid volume: " + volume + " (expected > 0)");
        }
        if (!(attackMix >= 0 && attackMix <= 1)) {
            throw new IllegalArgumentException("Invalid attack mix: " + attackMix + " (expected a fraction from 0 to 1)");
        }
    }

    String clusterId() {
        return cluster.map(HydraCluster::id).orElse("");
    }
}
