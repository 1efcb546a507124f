package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.distillguard.config.ScoringConfig;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {

    @Test
    void givenAnExcludedFeature_whenTrained_thenTheModelNeverReadsItButTheCohortsStillDo() {
        int[] labels = new int[600];
        List<String> groups = new ArrayList<>();
        double[][] rows = TestModels.rows(600, 5, labels, groups);
        List<String> kinds = groups.stream().map(group -> "kind").toList();
        GradientBoostParameters parameters = new GradientBoostParameters(20, 4, 8, 5, 0.2, 0.8, 3, 1L);

        TrainedModel all = ModelTrainer.fit(TestModels.FEATURES, rows, labels, groups, kinds, groups,
                excluding(List.of()), parameters);
        TrainedModel withoutVolume = ModelTrainer.fit(TestModels.FEATURES, rows, labels, groups, kinds, groups,
                excluding(List.of("requests")), parameters);

        assertThat(all.features()).containsExactly("requests", "logprobs_share", "noise");
        assertThat(withoutVolume.features()).containsExactly("logprobs_share", "noise");
        assertThat(withoutVolume.trainingSummary()).containsEntry("excluded_features", List.of("requests"));
        // Cohorts come from the volume feature though the model does not read it: 600 rows, all in band 1 (30-300).
        assertThat(withoutVolume.thresholds().cohorts()).containsOnlyKeys("volume1/age?");
        assertThat(withoutVolume.scorer().score(new double[] {0.9, 0.0})).isGreaterThan(withoutVolume.scorer().score(new double[] {0.05, 0.0}));
        assertThatThrownBy(() -> ModelTrainer.fit(TestModels.FEATURES, rows, labels, groups, kinds, groups,
                excluding(TestModels.FEATURES), parameters))
                .hasMessageContaining("scoring.model-excluded-features leaves no feature");
    }

    private static ScoringConfig excluding(List<String> features) {
        ScoringConfig d = ScoringConfig.defaults();
        return new ScoringConfig(d.rulesFile(), d.modelStore(), d.volumeFeature(), d.volumeBands(), d.ageFeature(),
                d.ageBands(), d.reviewFalsePositiveRate(), d.watchFalsePositiveRate(), d.reviewMinRisk(), features,
                500, d.queueSize(), d.unsupervisedReviewShare(), d.unsupervisedWatchShare(), d.anomalyWeight(),
                d.fitSampleRows(), d.explanationFeatures());
    }
}
