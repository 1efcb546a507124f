package org.distillguard.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.distillguard.config.ConfigLoader;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.config.DistillGuardConfig;
import org.junit.jupiter.api.Test;

/** The coordination section: defaults, overrides by key, and messages for bad values (no Spark). */
class CoordinationConfigTest {

    @Test
    void givenNoFile_whenLoaded_thenTheCoordinationSectionHasItsDefaults() {
        CoordinationConfig config = ConfigLoader.load(Optional.empty(), List.of()).coordination();

        assertThat(config).isEqualTo(CoordinationConfig.defaults());
        assertThat(config.maxBucketAccounts()).isEqualTo(CoordinationConfig.MAX_BUCKET_ACCOUNTS_DEFAULT);
        assertThat(config.template()).isEqualTo(CoordinationConfig.TEMPLATE_DEFAULT);
        assertThat(config.score().flag()).isEqualTo(CoordinationConfig.ScoreWeights.FLAG_DEFAULT);
    }

    @Test
    void givenNestedOverrides_whenLoaded_thenTheyReachTheEdgeRuleAndTheScore() {
        DistillGuardConfig config = ConfigLoader.load(Optional.empty(),
                List.of("coordination.payment.weight=2.5", "coordination.score.flag=0.7", "coordination.lsh-bands=8"));

        assertThat(config.coordination().payment().weight()).isEqualTo(2.5);
        assertThat(config.coordination().score().flag()).isEqualTo(0.7);
        assertThat(config.coordination().lshBands()).isEqualTo(8);
    }

    @Test
    void givenMoreBandsTimesRowsThanSignatureBins_whenBuilt_thenTheMessageNamesTheLimit() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), List.of("coordination.lsh-bands=20")))
                .hasMessageContaining("Invalid config value for coordination.lsh-bands x lsh-rows: 20 x 4")
                .hasMessageContaining("at most the 64 signature bins");
    }

    @Test
    void givenAnUnknownCoordinationKey_whenLoaded_thenItIsRejectedByName() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), List.of("coordination.nope=1")))
                .hasMessageContaining("coordination.nope");
    }
}
