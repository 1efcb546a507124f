package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What the report shows for one coordinated cluster.
 *
 * @param sharedInfrastructure networks, payment fingerprints and keys (pseudonyms) and user agents seen at two members or more
 * @param memberHourly requests per UTC hour for each member, for the synchronized timeline
 */
public record ClusterEvidence(String clusterId, int size, double score, List<String> reasons, List<String> members,
        List<String> sharedSkeletons, List<String> sharedInfrastructure, Map<String, List<Long>> memberHourly) {

    public ClusterEvidence {
        requireNonNull(clusterId, "clusterId is null");
        reasons = List.copyOf(reasons);
        members = List.copyOf(members);
        sharedSkeletons = List.copyOf(sharedSkeletons);
        sharedInfrastructure = List.copyOf(sharedInfrastructure);
        memberHourly = Map.copyOf(memberHourly);
    }
}
