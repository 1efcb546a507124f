package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                Optional.of(model), FeatureDistribution.fit(TestModels.FEATURES, population), model.thresholds(), 1, 1, 2);

        AccountScorer.Result harvester = scorer.score(new double[] {150, 0.95, 0.1}, Map.of());
        AccountScorer.Result person = scorer.score(new double[] {150, 0.02, 0.1}, Map.of());

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
                0.4, 0.3, 1);

        AccountScorer.Result outlier = scorer.score(new double[] {5000, 0.1, 0.0}, Map.of());

        assertThat(outlier.anomalyScore()).isGreaterThan(0.95);
        assertThat(outlier.tier()).isEqualTo(Tier.REVIEW);
        assertThat(outlier.explanation()).startsWith("requests is 5,000 (100th percentile; typical ");
    }
}
