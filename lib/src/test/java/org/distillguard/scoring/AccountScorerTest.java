package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.distillguard.config.ScoringConfig;
import org.junit.jupiter.api.Test;

class AccountScorerTest {

    @Test
    void givenAConstructedHarvester_whenScored_thenTheExplanationNamesTheFeatureThatDrivesTheScore() {
        TrainedModel model = TestModels.trained();
        int[] labels = new int[400];
        double[][] population = TestModels.rows(400, 11, labels, new ArrayList<>());
        RuleSet.Bound rules = RuleSet.load(java.nio.file.Path.of("..", "conf", "rules.yaml")).bind(TestModels.FEATURES);
        AccountScorer scorer = new AccountScorer(TestModels.FEATURES, rules,
                IsolationForestScorer.fit(TestModels.FEATURES, population, IsolationForestParameters.defaults()),
                Optional.of(model), FeatureDistribution.fit(TestModels.FEATURES, population), model.thresholds(),
                new AccountScorer.Tiering(1, 1, ScoringConfig.REVIEW_MIN_RISK_DEFAULT, ScoringConfig.ANOMALY_WEIGHT_DEFAULT), 2);

        AccountScorer.Result harvester = scorer.score(new double[] {150, 0.95, 0.1});
        AccountScorer.Result person = scorer.score(new double[] {150, 0.02, 0.1});

        assertThat(harvester.tier()).isEqualTo(Tier.REVIEW);
        assertThat(harvester.risk()).isGreaterThan(person.risk());
        assertThat(harvester.reasons()).containsExactly("LOGPROB_HARVEST");
        assertThat(harvester.explanation())
                .startsWith("LOGPROB_HARVEST: Requested token log-probabilities on 95% of 150 requests.; logprobs_share is 95% (")
                .contains("percentile; typical ").doesNotContain("noise is");
        assertThat(person.tier()).isEqualTo(Tier.OK);
        assertThat(person.explanation()).isNull();
    }

    @Test
    void givenNoModelAndOneHeavyAccount_whenScored_thenTheAnomalyNamesTheOutlyingFeature() {
        int[] labels = new int[400];
        double[][] population = TestModels.rows(400, 11, labels, new ArrayList<>());
        // The forest is fitted on the population it scores: the heavy account is part of it.
        population[7] = new double[] {5000, 0.1, 0.0};
        RuleSet.Bound rules = new RuleSet(List.of()).bind(TestModels.FEATURES);
        IsolationForestScorer forest = IsolationForestScorer.fit(TestModels.FEATURES, population, IsolationForestParameters.defaults());
        AccountScorer scorer = new AccountScorer(TestModels.FEATURES, rules, forest, Optional.empty(),
                FeatureDistribution.fit(TestModels.FEATURES, population),
                new CohortThresholds("requests", List.of(), "age", List.of(), new CohortThresholds.Threshold(1, 1, 0), Map.of()),
                new AccountScorer.Tiering(0.2, 0.1, ScoringConfig.REVIEW_MIN_RISK_DEFAULT, 0.25), 1);

        AccountScorer.Result outlier = scorer.score(new double[] {5000, 0.1, 0.0});

        assertThat(outlier.anomalyScore()).isGreaterThan(0.95);
        assertThat(outlier.tier()).isEqualTo(Tier.REVIEW);
        assertThat(outlier.explanation()).startsWith("requests is 5,000 (100th percentile; typical ");
    }

    @Test
    void givenTheFitSamplesOwnForestScores_whenPassedAsKnown_thenEveryResultIsTheOneScoringAgainGives() {
        int[] labels = new int[400];
        double[][] population = TestModels.rows(400, 11, labels, new ArrayList<>());
        population[7] = new double[] {5000, 0.1, 0.0};
        IsolationForestScorer forest = IsolationForestScorer.fit(TestModels.FEATURES, population, IsolationForestParameters.defaults());
        AccountScorer scorer = new AccountScorer(TestModels.FEATURES, new RuleSet(List.of()).bind(TestModels.FEATURES),
                forest, Optional.empty(), FeatureDistribution.fit(TestModels.FEATURES, population),
                new CohortThresholds("requests", List.of(), "age", List.of(), new CohortThresholds.Threshold(1, 1, 0), Map.of()),
                new AccountScorer.Tiering(0.2, 0.1, ScoringConfig.REVIEW_MIN_RISK_DEFAULT, 0.25), 1);
        double[] known = forest.fitRowScores();
        int flagged = 0;
        for (int i = 0; i < population.length; i++) {
            AccountScorer.Result again = scorer.score(population[i]);
            assertThat(scorer.score(population[i], known[i])).as("row " + i).isEqualTo(again);
            if (again.tier() != Tier.OK) {
                flagged++;
            }
        }
        assertThat(flagged).as("rows whose explanation names the anomaly").isPositive();
        // A known percentile is taken as given, not recomputed.
        assertThat(scorer.score(population[7], 0.0).anomalyScore()).isZero();
    }

    @Test
    void givenAModelRiskAboveTheCohortThresholdButBelowTheReviewFloor_whenScored_thenTheAccountIsOnWatchNotInReview() {
        double[] account = {150, 0.5, 0.1};
        AccountScorer unsure = lenientScorer(0.3, 0.5);
        AccountScorer sure = lenientScorer(0.8, 0.5);
        AccountScorer unfloored = lenientScorer(0.3, 0.0);

        assertThat(unsure.score(account).risk()).isEqualTo(0.3);
        assertThat(unsure.score(account).tier()).isEqualTo(Tier.WATCH);
        assertThat(unsure.score(account).explanation()).isNotNull();
        assertThat(unfloored.score(account).tier()).isEqualTo(Tier.REVIEW);
        assertThat(sure.score(account).tier()).isEqualTo(Tier.REVIEW);
    }

    /**
     * A scorer whose model gives every account the calibrated risk {@code risk}, with a cohort review threshold of 1%
     * (so every account is over it) and the review floor {@code reviewMinRisk}.
     */
    private static AccountScorer lenientScorer(double risk, double reviewMinRisk) {
        TrainedModel trained = TestModels.trained();
        TrainedModel lenient = new TrainedModel("lenient", trained.scorer(),
                new IsotonicCalibration(new double[] {0, 1}, new double[] {risk, risk}),
                new CohortThresholds("requests", List.of(), "age", List.of(), new CohortThresholds.Threshold(0.01, 0.005, 1000),
                        Map.of()), trained.parameters(), Map.of(), Map.of());
        double[][] population = TestModels.rows(400, 11, new int[400], new ArrayList<>());
        return new AccountScorer(TestModels.FEATURES, new RuleSet(List.of()).bind(TestModels.FEATURES),
                IsolationForestScorer.fit(TestModels.FEATURES, population, IsolationForestParameters.defaults()),
                Optional.of(lenient), FeatureDistribution.fit(TestModels.FEATURES, population), lenient.thresholds(),
                new AccountScorer.Tiering(1, 1, reviewMinRisk, ScoringConfig.ANOMALY_WEIGHT_DEFAULT), 2);
    }

    @Test
    void givenRuleAndAnomalyScores_whenCombinedWithoutAModel_thenTheRiskRisesInBothAndRulesOutrankAnomalyAlone() {
        double weight = ScoringConfig.ANOMALY_WEIGHT_DEFAULT;
        double[] grid = {0, 0.1, 0.25, 0.5, 0.75, 0.9, 1};
        for (double rule : grid) {
            for (int k = 1; k < grid.length; k++) {
                assertThat(AccountScorer.unsupervisedRisk(rule, grid[k], weight))
                        .isGreaterThanOrEqualTo(AccountScorer.unsupervisedRisk(rule, grid[k - 1], weight));
                assertThat(AccountScorer.unsupervisedRisk(grid[k], rule, weight))
                        .isGreaterThan(AccountScorer.unsupervisedRisk(grid[k - 1], rule, weight));
            }
        }
        assertThat(AccountScorer.unsupervisedRisk(0, 0, weight)).isZero();
        assertThat(AccountScorer.unsupervisedRisk(0, 1, weight)).isEqualTo(weight);
        // An account firing one rule of weight 0.3 outranks the most unusual account that fires none.
        assertThat(AccountScorer.unsupervisedRisk(0.3, 0, weight)).isGreaterThan(AccountScorer.unsupervisedRisk(0, 1, weight));
        assertThat(AccountScorer.unsupervisedRisk(0.6, 0.2, weight)).isBetween(0.6, 1.0);
    }
}
