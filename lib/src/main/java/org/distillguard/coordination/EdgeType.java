package org.distillguard.coordination;

import java.util.List;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.config.CoordinationConfig.EdgeRule;

/**
 * The kinds of evidence that link two accounts. Shared-key types come from keys the two accounts both hold, weighed by
 * inverse frequency; {@link #generatesCandidates()} types also propose the candidate pairs (self-join on the key), the
 * others only add evidence to pairs already proposed. Pairwise types are measured on candidate pairs.
 */
public enum EdgeType {
    TEMPLATE("template", true, true),
    NEAR_DUPLICATE("near_duplicate", true, true),
    NETWORK("network", true, true),
    PAYMENT("payment", true, true),
    USER_AGENT("user_agent", true, false),
    CREATION("creation", true, false),
    SYNCHRONY("synchrony", false, false),
    TEACHER_SPLIT("teacher_split", false, false);

    private final String column;
    private final boolean sharedKey;
    private final boolean generatesCandidates;

    EdgeType(String column, boolean sharedKey, boolean generatesCandidates) {
        this.column = column;
        this.sharedKey = sharedKey;
        this.generatesCandidates = generatesCandidates;
    }

    /** The name used in key tables, edge columns ({@code e_<name>}) and reasons. */
    public String column() {
        return column;
    }

    public boolean sharedKey() {
        return sharedKey;
    }

    public boolean generatesCandidates() {
        return generatesCandidates;
    }

    /** The evidence column of an edge: this type's strength in [0, 1], 0 when it does not count. */
    public String strengthColumn() {
        return "e_" + column;
    }

    public EdgeRule rule(CoordinationConfig config) {
        return switch (this) {
            case TEMPLATE -> config.template();
            case NEAR_DUPLICATE -> config.nearDuplicate();
            case NETWORK -> config.network();
            case PAYMENT -> config.payment();
            case USER_AGENT -> config.userAgent();
            case CREATION -> config.creation();
            case SYNCHRONY -> config.synchrony();
            case TEACHER_SPLIT -> config.teacherSplit();
        };
    }

    public static List<EdgeType> sharedKeyTypes() {
        return List.of(values()).stream().filter(EdgeType::sharedKey).toList();
    }
}
