package org.distillguard.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReviewQueueTest {

    private static ScoredAccount account(String id, double risk, String tier, String cluster, String... reasons) {
        return new ScoredAccount(id, risk, tier, List.of(reasons), cluster, null);
    }

    private static final List<ScoredAccount> SCORES = List.of(
            account("lone-high", 0.95, "review", null, "OUTPUT_HARVEST"),
            account("hydra-a", 0.70, "review", null, "HYDRA_CLUSTER", "TEMPLATE_SWEEP"),
            account("hydra-b", 0.40, "watch", null, "HYDRA_CLUSTER"),
            account("hydra-c", 0.20, "ok", null),
            account("lone-mid", 0.60, "review", null, "COT_ELICITATION"),
            account("lone-low", 0.35, "watch", null, "SOMETHING_NEW"),
            account("benign", 0.05, "ok", null));

    private static final List<ClusterMembership> CLUSTERS = List.of(
            new ClusterMembership("hydra-a", "cluster-1", 3, 0.9, List.of("SHARED_TEMPLATES")),
            new ClusterMembership("hydra-b", "cluster-1", 3, 0.9, List.of("SHARED_TEMPLATES")),
            new ClusterMembership("hydra-c", "cluster-1", 3, 0.9, List.of("SHARED_TEMPLATES")));

    @Test
    void givenClusters_whenBuilt_thenRiskiestFirstWithClusterMembersTogetherUnderTheirRiskiestMember() {
        ReviewQueue queue = ReviewQueue.build(SCORES, Optional.of(CLUSTERS), List.of(), 200);

        assertThat(queue.entries()).extracting(QueueEntry::accountId)
                .containsExactly("lone-high", "hydra-a", "hydra-b", "lone-mid", "lone-low");
        assertThat(queue.entries()).extracting(QueueEntry::rank).containsExactly(1, 2, 3, 4, 5);
        assertThat(queue.flagged()).isEqualTo(5);
        QueueEntry member = queue.entry("hydra-b").orElseThrow();
        assertThat(member.clusterId()).isEqualTo("cluster-1");
        assertThat(member.clusterSize()).isEqualTo(3);
        assertThat(queue.entry("lone-high").orElseThrow().clusterSize()).isZero();
        assertThat(queue.entry("hydra-a").orElseThrow().reasonsInWords())
                .isEqualTo("coordinates with other accounts (shared templates, infrastructure, schedule); "
                        + "fills the same prompt templates over and over");
        assertThat(queue.entry("lone-low").orElseThrow().reasonsInWords()).isEqualTo("something new");
    }

    @Test
    void givenNoClustersTable_whenBuilt_thenClusterIdsOnTheScoresGroupAndSizeIsTheirCount() {
        List<ScoredAccount> scores = List.of(
                account("x1", 0.9, "review", "k"), account("y", 0.8, "review", null),
                account("x2", 0.3, "watch", "k"), account("x3", 0.1, "ok", "k"));

        ReviewQueue queue = ReviewQueue.build(scores, Optional.empty(), List.of(), 10);

        assertThat(queue.entries()).extracting(QueueEntry::accountId).containsExactly("x1", "x2", "y");
        assertThat(queue.entry("x2").orElseThrow().clusterSize()).isEqualTo(3);
    }

    @Test
    void givenMoreFlaggedThanCapacity_whenBuilt_thenCutAtCapacityAndFlaggedCountsAll() {
        ReviewQueue queue = ReviewQueue.build(SCORES, Optional.of(CLUSTERS), List.of(), 2);

        assertThat(queue.entries()).extracting(QueueEntry::accountId).containsExactly("lone-high", "hydra-a");
        assertThat(queue.flagged()).isEqualTo(5);
        assertThat(queue.capacity()).isEqualTo(2);
    }

    @Test
    void givenPreviousDays_whenBuilt_thenDaysInARowStopAtTheFirstDayWithoutAFlag() {
        List<Set<String>> previous = List.of(Set.of("lone-high", "lone-mid"), Set.of("lone-high"), Set.of("lone-mid"));

        ReviewQueue queue = ReviewQueue.build(SCORES, Optional.empty(), previous, 200);

        assertThat(queue.entry("lone-high").orElseThrow().daysFlagged()).isEqualTo(3);
        assertThat(queue.entry("lone-mid").orElseThrow().daysFlagged()).isEqualTo(2);
        assertThat(queue.entry("lone-low").orElseThrow().daysFlagged()).isEqualTo(1);
    }

    @Test
    void givenEqualRisk_whenBuilt_thenOrderIsStableByAccountId() {
        List<ScoredAccount> scores = List.of(account("b", 0.5, "review", null), account("a", 0.5, "review", null));

        assertThat(ReviewQueue.build(scores, Optional.empty(), List.of(), 5).entries())
                .extracting(QueueEntry::accountId).containsExactly("a", "b");
    }

    @Test
    void givenZeroCapacity_whenBuilt_thenRefusedWithTheFix() {
        assertThatThrownBy(() -> ReviewQueue.build(SCORES, Optional.empty(), List.of(), 0))
                .hasMessageStartingWith("Cannot build the review queue: capacity 0 is below 1")
                .hasMessageContaining("review.capacity");
    }

    @Test
    void givenHostileAccountIdsAndReasons_whenWrittenAsCsv_thenFormulasAreDisarmedAndCellsQuoted() {
        List<ScoredAccount> scores = List.of(
                account("=HYPERLINK(\"http://evil.example\",\"x\")", 0.9, "review", null, "=1+1"),
                account("+cmd|' /C calc'!A0", 0.8, "review", "@SUM(A1)"),
                account("-2,3", 0.7, "review", null),
                account("\tTAB", 0.6, "review", null),
                account("\rCR", 0.5, "review", null),
                account("plain", 0.4, "review", null, "A", "B"));

        String csv = ReviewQueue.build(scores, Optional.empty(), List.of(), 10).toCsv();

        List<String> lines = List.of(csv.split("\r\n"));
        assertThat(lines.get(0)).isEqualTo(String.join(",", ReviewQueue.COLUMNS));
        assertThat(lines.get(1)).startsWith("1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",0.9000,review,\"'=1+1\",");
        assertThat(lines.get(2)).startsWith("2,\"'+cmd|' /C calc'!A0\",0.8000,review,,,\"'@SUM(A1)\",1,1");
        assertThat(lines.get(3)).startsWith("3,\"'-2,3\",");
        assertThat(lines.get(4)).startsWith("4,\"'\tTAB\",");
        assertThat(lines.get(5)).startsWith("5,\"'\rCR\",");
        assertThat(lines.get(6)).isEqualTo("6,plain,0.4000,review,A;B,a; b,,0,1");
        assertThat(csv).endsWith("\r\n");
    }

    @Test
    void givenAQueue_whenWrittenAsJson_thenItCarriesDateModelCountsAndRows() throws Exception {
        String json = ReviewQueue.build(SCORES, Optional.of(CLUSTERS), List.of(), 200)
                .toJson(LocalDate.parse("2026-11-24"), "model-7");

        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertThat(root.get("date").asText()).isEqualTo("2026-11-24");
        assertThat(root.get("model_id").asText()).isEqualTo("model-7");
        assertThat(root.get("flagged").asInt()).isEqualTo(5);
        assertThat(root.get("entries")).hasSize(5);
        assertThat(root.get("entries").get(1).get("cluster_id").asText()).isEqualTo("cluster-1");
        assertThat(root.get("entries").get(1).get("reasons").get(0).asText()).isEqualTo("HYDRA_CLUSTER");
    }
}
