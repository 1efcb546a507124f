package org.distillguard.scoring;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Assigns cross-validation folds by group, so all rows of one group (an account, or every account of one attack
 * cluster) fall in the same fold and a model is never tested on a cluster it was trained on. Groups with a positive
 * row and groups without are dealt out separately, so every fold gets its share of both.
 */
public final class GroupedFolds {

    private GroupedFolds() {}

    /**
     * The fold (0 to {@code folds - 1}) of each row.
     *
     * @param groups the group of each row: the cluster id when the account is in one, else the account id
     * @param labels the label of each row (1 distilling, 0 benign)
     */
    public static int[] assign(List<String> groups, int[] labels, int folds, long seed) {
        requireNonNull(groups, "groups is null");
        if (groups.size() != labels.length) {
            throw new IllegalArgumentException("Invalid folds input: " + groups.size() + " groups but " + labels.length + " labels");
        }
        if (folds < 2) {
            throw new IllegalArgumentException("Invalid folds: " + folds + " (expected at least 2)");
        }
        Map<String, Boolean> positive = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            positive.merge(groups.get(i), labels[i] == 1, Boolean::logicalOr);
        }
        List<String> positives = new ArrayList<>();
        List<String> negatives = new ArrayList<>();
        positive.forEach((group, hasPositive) -> (hasPositive ? positives : negatives).add(group));
        Collections.sort(positives);
        Collections.sort(negatives);
        Random random = new Random(seed);
        Collections.shuffle(positives, random);
        Collections.shuffle(negatives, random);
        Map<String, Integer> foldOf = new HashMap<>();
        for (int i = 0; i < positives.size(); i++) {
            foldOf.put(positives.get(i), i % folds);
        }
        for (int i = 0; i < negatives.size(); i++) {
            foldOf.put(negatives.get(i), i % folds);
        }
        int[] assignment = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            assignment[i] = foldOf.get(groups.get(i));
        }
        return assignment;
    }
}
