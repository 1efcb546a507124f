package org.distillguard.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.distillguard.config.CoordinationConfig;
import org.junit.jupiter.api.Test;

class PairScorerTest {

    private static final int EMPTY = Linking.EMPTY_BIN;

    @Test
    void givenSignatures_whenCompared_thenOnlyBinsWithANonEmptyMinimumOnEitherSideCount() {
        // Bins: same value, different values, both empty (ignored), one empty (compared, differs), one missing (ignored).
        List<Integer> left = Arrays.asList(5, 6, EMPTY, 9, null);
        List<Integer> right = Arrays.asList(5, 7, EMPTY, EMPTY, 3);

        assertThat(PairScorer.signatureSimilarity(bins(left), bins(right))).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(PairScorer.signatureSimilarity(bins(List.of(EMPTY)), bins(List.of(EMPTY)))).isZero();
        assertThat(PairScorer.signatureSimilarity(bins(List.of()), bins(List.of(1, 2)))).isZero();
    }

    @Test
    void givenHourlyVectors_whenCompared_thenCosineWithMissingHoursAsZero() {
        assertThat(PairScorer.cosine(hours(1.0, 0.0), hours(2.0, 0.0))).isCloseTo(1.0, within(1e-12));
        assertThat(PairScorer.cosine(hours(1.0, 0.0), hours(0.0, 3.0))).isZero();
        assertThat(PairScorer.cosine(hours(1.0, 1.0), hours(1.0))).isCloseTo(Math.sqrt(0.5), within(1e-12));
        assertThat(PairScorer.cosine(hours(0.0, 0.0), hours(1.0, 1.0))).isZero();
        // A null hour counts as 0.
        assertThat(PairScorer.cosine(PairProfile.decode(PairProfile.encode(List.of(), Arrays.asList(1.0, null),
                List.of())).hours, hours(1.0, 5.0))).isCloseTo(1 / Math.sqrt(26), within(1e-12));
    }

    @Test
    void givenKeyLists_whenCompared_thenTheStrongestSharedKeyCountsWhateverTheListSizes() {
        List<Row> small = List.of(key("a", 0.2), key("b", 0.7));
        assertThat(shared(small, List.of(key("b", 0.7), key("c", 0.9)))).isEqualTo(0.7);
        assertThat(shared(small, List.of(key("z", 0.9)))).isZero();
        assertThat(shared(List.of(), small)).isZero();
        // A null key matches nothing; a key whose weight is null matches but gives no strength.
        assertThat(shared(Arrays.asList(RowFactory.create(null, 0.9), key("b", 0.7)),
                Arrays.asList(RowFactory.create(null, 0.9), key("b", 0.7)))).isEqualTo(0.7);
        assertThat(shared(List.of(RowFactory.create("b", null)), List.of(key("b", 0.7)))).isZero();
        assertThat(shared(List.of(key("b", 0.7)), List.of(RowFactory.create("b", null)))).isEqualTo(0.7);
        // Lists in any order, of any size.
        List<Row> many = new ArrayList<>();
        List<Row> others = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(key("k" + i, i / 100.0));
            others.add(key("k" + (i * 3), (i * 3) / 100.0));
        }
        java.util.Collections.reverse(others);
        assertThat(shared(many, others)).isEqualTo(0.39);
    }

    @Test
    void givenAPairSharingATemplateWithDisjointPrompts_whenScored_thenTeacherSplitCountsAndNearDuplicateDoesNot() {
        CoordinationConfig config = CoordinationConfig.defaults();
        PairScorer scorer = new PairScorer(config);
        Row scored = scorer.score(pair(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(1.0, 0.0), List.of(1.0, 0.0),
                Map.of(EdgeType.TEMPLATE, List.of(key("t1", 0.8)), EdgeType.NEAR_DUPLICATE, List.of(key("0:1", 0.9)))));

        assertThat(scored.getString(0)).isEqualTo("acct_a");
        assertThat(scored.getDouble(index(EdgeType.TEMPLATE.strengthColumn()))).isEqualTo(0.8);
        assertThat(scored.getDouble(index(EdgeType.TEACHER_SPLIT.strengthColumn()))).isEqualTo(0.8);
        assertThat(scored.getDouble(index(EdgeType.NEAR_DUPLICATE.strengthColumn())))
                .as("a shared bucket with dissimilar signatures is no near-duplicate").isZero();
        assertThat(scored.getDouble(index(EdgeType.SYNCHRONY.strengthColumn()))).isEqualTo(1.0);
        double expected = 0.8 * config.template().weight() + 0.8 * config.teacherSplit().weight()
                + 1.0 * config.synchrony().weight();
        assertThat(scored.getDouble(index(CoordinationColumns.EDGE_SCORE))).isCloseTo(expected, within(1e-12));
    }

    @Test
    void givenNearIdenticalPromptsInAPopularBucket_whenScored_thenTheBucketWeightScalesTheSimilarity() {
        CoordinationConfig config = CoordinationConfig.defaults();
        PairScorer scorer = new PairScorer(config);
        // both pairs share two buckets; the rarest one decides
        Row fromRare = scorer.score(pair(List.of(1, 2, 3, 4), List.of(1, 2, 3, 9), List.of(0.0, 1.0), List.of(1.0, 0.0),
                Map.of(EdgeType.NEAR_DUPLICATE, List.of(key("0:1", 0.9), key("1:7", 0.2)))));
        Row fromPopular = scorer.score(pair(List.of(1, 2, 3, 4), List.of(1, 2, 3, 9), List.of(0.0, 1.0), List.of(1.0, 0.0),
                Map.of(EdgeType.NEAR_DUPLICATE, List.of(key("0:5", 0.3), key("1:7", 0.2)))));

        assertThat(fromRare.getDouble(index(CoordinationColumns.SIGNATURE_SIMILARITY))).isEqualTo(0.75);
        assertThat(fromRare.getDouble(index(EdgeType.NEAR_DUPLICATE.strengthColumn()))).isCloseTo(0.9 * 0.75, within(1e-12));
        assertThat(fromPopular.getDouble(index(EdgeType.NEAR_DUPLICATE.strengthColumn()))).isCloseTo(0.3 * 0.75, within(1e-12));
        assertThat(fromPopular.getDouble(index(CoordinationColumns.EDGE_SCORE)))
                .isCloseTo(0.3 * 0.75 * config.nearDuplicate().weight(), within(1e-12));
    }

    /** A pair row as {@link Linking#scorePairs} lays it out, both accounts holding the same keys of each type. */
    private static Row pair(List<Integer> signatureA, List<Integer> signatureB, List<Double> hoursA, List<Double> hoursB,
            Map<EdgeType, List<Row>> sharedKeys) {
        List<List<Row>> keys = new ArrayList<>();
        for (EdgeType type : EdgeType.sharedKeyTypes()) {
            keys.add(sharedKeys.getOrDefault(type, List.of()));
        }
        return RowFactory.create("acct_a", "acct_b", PairProfile.encode(signatureA, hoursA, keys),
                PairProfile.encode(signatureB, hoursB, keys));
    }

    private static long[] bins(List<Integer> signature) {
        return PairProfile.decode(PairProfile.encode(signature, List.of(), List.of())).signature;
    }

    private static double[] hours(Double... hours) {
        return PairProfile.decode(PairProfile.encode(List.of(), List.of(hours), List.of())).hours;
    }

    /** The shared-key strength of two accounts' keys of one type, through their packed profiles. */
    private static double shared(List<Row> left, List<Row> right) {
        PairProfile a = PairProfile.decode(PairProfile.encode(List.of(), List.of(), List.of(left)));
        PairProfile b = PairProfile.decode(PairProfile.encode(List.of(), List.of(), List.of(right)));
        return PairScorer.sharedKeyStrength(a.keyHashes[0], a.keyWeights[0], b.keyHashes[0]);
    }

    private static int index(String column) {
        return PairScorer.OUTPUT.fieldIndex(column);
    }

    private static Row key(String key, double weight) {
        return RowFactory.create(key, weight);
    }
}
