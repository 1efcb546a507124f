package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupedFoldsTest {

    @Test
    void givenClustersAndAccountsOverDays_whenAssigned_thenNoGroupIsSplitAndEveryFoldHasPositives() {
        List<String> groups = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int cluster = 0; cluster < 10; cluster++) {
            for (int member = 0; member < 7; member++) {
                for (int day = 0; day < 3; day++) {
                    groups.add("cluster:c" + cluster);
                    labels.add(1);
                }
            }
        }
        for (int account = 0; account < 500; account++) {
            for (int day = 0; day < 3; day++) {
                groups.add("account:a" + account);
                labels.add(0);
            }
        }

        int[] folds = GroupedFolds.assign(groups, labels.stream().mapToInt(Integer::intValue).toArray(), 5, 9L);

        Map<String, Set<Integer>> foldsOfGroup = new HashMap<>();
        Set<Integer> foldsWithPositives = new HashSet<>();
        for (int i = 0; i < folds.length; i++) {
            foldsOfGroup.computeIfAbsent(groups.get(i), key -> new HashSet<>()).add(folds[i]);
            if (labels.get(i) == 1) {
                foldsWithPositives.add(folds[i]);
            }
        }
        assertThat(foldsOfGroup.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        assertThat(foldsWithPositives).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }
}
