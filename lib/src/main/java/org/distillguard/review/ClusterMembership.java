package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One row of the clusters table: an account and the coordinated cluster it belongs to. */
public record ClusterMembership(String accountId, String clusterId, int clusterSize, double clusterScore,
        List<String> clusterReasons) {

    public ClusterMembership {
        requireNonNull(accountId, "accountId is null");
        requireNonNull(clusterId, "clusterId is null");
        if (clusterSize < 1) {
            throw new IllegalArgumentException("Invalid cluster size for " + clusterId + ": " + clusterSize + " (expected at least 1)");
        }
        clusterReasons = clusterReasons == null ? List.of() : List.copyOf(clusterReasons);
    }
}
