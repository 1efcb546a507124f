package org.distillguard.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.distillguard.coordination.TestAccounts.account;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

class LinkingTest {

    private final SparkSession spark = SparkTestSession.get();
    private final CoordinationConfig defaults = CoordinationConfig.defaults();

    @Test
    void givenAKeySharedByFewAccounts_whenWeighted_thenItWeighsMoreThanAKeySharedByMany() {
        TestAccounts table = new TestAccounts();
        for (int i = 0; i < 40; i++) {
            table.add(account("sdk" + i).userAgents("openai-python/1.40").networks(i < 3 ? "net_rare" : "net_nat"));
        }

        Dataset<Row> weighted = weighted(table.build(spark), defaults);

        double rare = weight(weighted, "network", "net_rare");
        double common = weight(weighted, "network", "net_nat");
        assertThat(rare).isCloseTo(1 - Math.log(3) / Math.log(1000), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(common).isLessThan(rare);
        assertThat(weight(weighted, "user_agent", "openai-python/1.40")).isLessThan(rare);
    }

    @Test
    void givenTheSameSharingInALargerPopulation_whenWeighted_thenItWeighsMoreButProposesNoMorePairs() {
        TestAccounts table = new TestAccounts();
        for (int i = 0; i < 60; i++) {
            table.add(account(String.format("m%02d", i)).networks("net_shared").payments(i < 2 ? "pay_pair" : "pay_" + i));
        }
        Dataset<Row> keys = Linking.keys(table.build(spark), defaults);

        Dataset<Row> small = Linking.weightedKeys(keys, defaults, 60);
        Dataset<Row> large = Linking.weightedKeys(keys, defaults, 600_000);

        // below the cap the weights are relative to the cap: a /24 held by 60 accounts weighs less than 0.45 and is dropped
        assertThat(Linking.referencePopulation(60, defaults)).isEqualTo(1000);
        assertThat(small.where("edge_type = 'network'").count()).isZero();
        double network = weight(large, "network", "net_shared");
        assertThat(network).isCloseTo(1 - Math.log(60) / Math.log(600_000), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(weight(large, "payment", "pay_pair")).isGreaterThan(weight(small, "payment", "pay_pair"));
        // the network is evidence now, but 60 holders are over the proposing limit of 44: only the card proposes a pair
        assertThat(Linking.candidateBucketLimit(EdgeType.NETWORK, defaults)).isEqualTo(44);
        assertThat(Linking.candidatePairs(large, defaults).collectAsList())
                .extracting(row -> row.getString(0) + "-" + row.getString(1)).containsExactly("m00-m01");
        Row pair = Linking.scorePairs(Linking.candidatePairs(large, defaults), table.build(spark), large, defaults).first();
        assertThat(pair.getDouble(pair.fieldIndex(EdgeType.NETWORK.strengthColumn()))).isEqualTo(network);
    }

    @Test
    void givenACommonSdkUserAgentAndABigNatNetwork_whenLinked_thenNoEdges() {
        CoordinationConfig config = withCap(30);
        TestAccounts table = new TestAccounts();
        for (int i = 0; i < 40; i++) {
            table.add(account(String.format("hobby%02d", i)).userAgents("openai-python/1.40").networks("net_nat")
                    .templates(42L).createdDaysAgo(200));
        }

        Dataset<Row> weighted = weighted(table.build(spark), config);

        assertThat(weighted.count()).as("every key is over the cap of 30 accounts").isZero();
        assertThat(Linking.edges(table.build(spark), config).count()).isZero();
    }

    @Test
    void givenAGiantBucket_whenCandidatesAreProposed_thenTheHotKeyProposesNoPair() {
        CoordinationConfig config = withCap(10);
        TestAccounts table = new TestAccounts();
        for (int i = 0; i < 200; i++) {
            table.add(account(String.format("a%03d", i)).templates(7L));
        }
        table.add(account("pair1").templates(7L, 99L), account("pair2").templates(7L, 99L));

        Dataset<Row> pairs = Linking.candidatePairs(weighted(table.build(spark), config), config);

        assertThat(pairs.collectAsList()).extracting(row -> row.getString(0) + "-" + row.getString(1))
                .containsExactly("pair1-pair2");
    }

    @Test
    void givenOnlyASharedCard_whenLinked_thenBelowTheEdgeThresholdButCardNetworkAndSignUpWindowMakeAnEdge() {
        // A card with a rare network (0.9 + 0.6 x 0.9 = 1.44) stays under the threshold of 1.5; sign-ups in the same
        // window as well make it an edge.
        TestAccounts table = new TestAccounts()
                .add(account("company1").payments("pay_a"), account("company2").payments("pay_a"))
                .add(account("near1").payments("pay_c").networks("net_y"), account("near2").payments("pay_c").networks("net_y"))
                .add(account("op1").payments("pay_b").networks("net_x").createdDaysAgo(3),
                        account("op2").payments("pay_b").networks("net_x").createdDaysAgo(3));

        List<Row> edges = Linking.edges(table.build(spark), defaults).collectAsList();

        assertThat(edges).extracting(row -> row.getString(0) + "-" + row.getString(1)).containsExactly("op1-op2");
        Row edge = edges.get(0);
        double card = edge.getDouble(edge.fieldIndex(EdgeType.PAYMENT.strengthColumn()));
        double network = edge.getDouble(edge.fieldIndex(EdgeType.NETWORK.strengthColumn()));
        double creation = edge.getDouble(edge.fieldIndex(EdgeType.CREATION.strengthColumn()));
        assertThat(creation).isPositive();
        assertThat(edge.getDouble(edge.fieldIndex(CoordinationColumns.EDGE_SCORE)))
                .isCloseTo(card * defaults.payment().weight() + network * defaults.network().weight()
                        + creation * defaults.creation().weight(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void givenAHigherEdgeThreshold_whenLinked_thenTheSamePairIsNoLongerAnEdge() {
        TestAccounts table = new TestAccounts()
                .add(account("op1").payments("pay_b").networks("net_x").createdDaysAgo(3),
                        account("op2").payments("pay_b").networks("net_x").createdDaysAgo(3));
        CoordinationConfig strict = new CoordinationConfig(defaults.maxBucketAccounts(), defaults.lshBands(),
                defaults.lshRows(), defaults.template(), defaults.nearDuplicate(), defaults.network(), defaults.userAgent(),
                defaults.payment(), defaults.creation(), defaults.creationWindowHours(), defaults.synchrony(),
                defaults.teacherSplit(), 3.0, defaults.maxClusterAccounts(), defaults.splitStep(),
                defaults.splitMaxThreshold(), defaults.maxIterations(), defaults.checkpointInterval(), defaults.driverComponentsMaxEdges(), defaults.score(),
                defaults.summaryMembers(), defaults.summaryKeys(), defaults.summarySkeletonChars());

        assertThat(Linking.edges(table.build(spark), defaults).count()).isEqualTo(1);
        assertThat(Linking.edges(table.build(spark), strict).count()).isZero();
    }

    @Test
    void givenNearDuplicateSignatures_whenBanded_thenLshProposesThemAndMissesUnrelatedOnes() {
        TestAccounts table = new TestAccounts()
                .add(account("near1").signature(TestAccounts.signature(1, 0)),
                        account("near2").signature(TestAccounts.signature(1, 2)),
                        account("other").signature(TestAccounts.signature(2, 0)),
                        account("empty"));

        Dataset<Row> weighted = weighted(table.build(spark), defaults);
        Dataset<Row> pairs = Linking.candidatePairs(weighted, defaults);
        List<Row> scored = Linking.scorePairs(pairs, table.build(spark), weighted, defaults).collectAsList();

        assertThat(scored).extracting(row -> row.getString(0) + "-" + row.getString(1)).containsExactly("near1-near2");
        Row pair = scored.get(0);
        assertThat(pair.getDouble(pair.fieldIndex(CoordinationColumns.SIGNATURE_SIMILARITY))).isEqualTo(62.0 / 64);
        // the rarest bucket they share is held by the two of them: weight 1 - ln 2 / ln 1000
        double bucket = 1 - Math.log(2) / Math.log(1000);
        assertThat(pair.getDouble(pair.fieldIndex(EdgeType.NEAR_DUPLICATE.strengthColumn())))
                .isCloseTo(bucket * 62.0 / 64, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(pair.getDouble(pair.fieldIndex(CoordinationColumns.EDGE_SCORE)))
                .isCloseTo(bucket * 62.0 / 64 * defaults.nearDuplicate().weight(), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void givenOneTemplateFamilyWithDisjointPromptsAndTheSameHours_whenScored_thenTeacherSplitAndSynchronyCount() {
        TestAccounts table = new TestAccounts()
                .add(account("split1").templates(5L).signature(TestAccounts.signature(11, 0)).hours(TestAccounts.activeIn(2, 3, 4)),
                        account("split2").templates(5L).signature(TestAccounts.signature(12, 0)).hours(TestAccounts.activeIn(2, 3, 4)));

        Dataset<Row> weighted = weighted(table.build(spark), defaults);
        Row pair = Linking.scorePairs(Linking.candidatePairs(weighted, defaults), table.build(spark), weighted, defaults).first();

        double template = pair.getDouble(pair.fieldIndex(EdgeType.TEMPLATE.strengthColumn()));
        assertThat(template).isGreaterThan(0.8);
        assertThat(pair.getDouble(pair.fieldIndex(EdgeType.TEACHER_SPLIT.strengthColumn()))).isEqualTo(template);
        assertThat(pair.getDouble(pair.fieldIndex(CoordinationColumns.HOUR_COSINE))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(pair.getDouble(pair.fieldIndex(EdgeType.SYNCHRONY.strengthColumn()))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void givenSignUpsAFewHoursApartAcrossAWindowBoundary_whenKeyed_thenTheyShareACreationKey() {
        long window = 48 * 3600L;
        long boundary = (TestAccounts.NOW / window + 1) * window;
        TestAccounts table = new TestAccounts()
                .add(account("early").createdDaysAgo((TestAccounts.NOW - (boundary - 3600)) / 86_400.0),
                        account("late").createdDaysAgo((TestAccounts.NOW - (boundary + 3600)) / 86_400.0));

        Set<String> shared = new TreeSet<>();
        List<Row> keys = Linking.keys(table.build(spark), defaults).where("edge_type = 'creation'").collectAsList();
        Set<String> early = new TreeSet<>();
        for (Row row : keys) {
            if (row.getString(0).equals("early")) {
                early.add(row.getString(2));
            }
        }
        for (Row row : keys) {
            if (row.getString(0).equals("late") && early.contains(row.getString(2))) {
                shared.add(row.getString(2));
            }
        }
        assertThat(shared).hasSize(1);
    }

    @Test
    void givenRepeatedAndMissingKeys_whenKeyed_thenEachKeyOfAnAccountIsOneRowAndMissingListsDropNothingElse() {
        TestAccounts.Account repeated = account("a").templates(7, 7, 0).networks("n1", "n1", "n2").userAgents("ua")
                .createdDaysAgo(3);
        TestAccounts.Account missing = account("b");
        missing.templates = null;
        missing.networks = null;
        missing.userAgents = null;
        missing.payments = null;
        missing.signature = null;
        TestAccounts.Account onlyCard = account("c").payments("p1", "p1");
        onlyCard.networks = null;
        onlyCard.templates = null;

        List<Row> keys = Linking.keys(new TestAccounts().add(repeated, missing, onlyCard).build(spark), defaults)
                .collectAsList();

        assertThat(keys).extracting(row -> row.getString(0) + "|" + row.getString(1)
                        + (row.getString(1).equals("creation") ? "" : "|" + row.getString(2)))
                .containsExactlyInAnyOrder("a|template|7", "a|network|n1", "a|network|n2", "a|user_agent|ua",
                        "a|creation", "a|creation", "c|payment|p1");
    }

    @Test
    void givenAnAccountTableWithoutSignatures_whenKeyed_thenTheMessageNamesTheColumn() {
        Dataset<Row> table = new TestAccounts().add(account("a")).build(spark).drop(CoordinationColumns.SIGNATURE);

        assertThatThrownBy(() -> Linking.keys(table, defaults))
                .hasMessageContaining("Cannot run coordination keys: input does not include column signature");
    }

    /** The keys of an account table, weighed in its own population, as {@link Linking#edges} weighs them. */
    private static Dataset<Row> weighted(Dataset<Row> accounts, CoordinationConfig config) {
        return Linking.weightedKeys(Linking.keys(accounts, config), config, accounts.count());
    }

    private static double weight(Dataset<Row> weighted, String type, String key) {
        return weighted.where(weighted.col(CoordinationColumns.EDGE_TYPE).equalTo(type)
                        .and(weighted.col(CoordinationColumns.KEY).equalTo(key)))
                .select(CoordinationColumns.KEY_WEIGHT).first().getDouble(0);
    }

    static CoordinationConfig withCap(int cap) {
        CoordinationConfig d = CoordinationConfig.defaults();
        return new CoordinationConfig(cap, d.lshBands(), d.lshRows(), d.template(), d.nearDuplicate(), d.network(),
                d.userAgent(), d.payment(), d.creation(), d.creationWindowHours(), d.synchrony(), d.teacherSplit(),
                d.edgeThreshold(), d.maxClusterAccounts(), d.splitStep(), d.splitMaxThreshold(), d.maxIterations(), d.checkpointInterval(), d.driverComponentsMaxEdges(), d.score(), d.summaryMembers(), d.summaryKeys(),
                d.summarySkeletonChars());
    }
}
