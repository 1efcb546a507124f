package org.distillguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimulationSpecTest {

    @Test
    void presetsHaveTheirDocumentedShape() {
        assertThat(SimulationSpec.preset("test").accounts()).isLessThanOrEqualTo(100);
        assertThat(SimulationSpec.preset("demo").days()).isEqualTo(3);
        assertThat(SimulationSpec.preset("bench").accounts()).isEqualTo(100_000);
        assertThat(SimulationSpec.preset("hard").attackShare()).isEqualTo(0.01);
        assertThat(SimulationSpec.preset("demo").gzip()).isTrue();
    }

    @Test
    void explicitValuesOverrideThePreset() {
        SimulationSpec spec = SimulationSpec.preset("demo").withAccounts(42).withDays(5).withStart(LocalDate.of(2027, 1, 1)).withSeed(9)
                .withAttackShare(0.2).withGzip(false).withCorporaDirectory(Path.of("/data"));
        assertThat(spec).isEqualTo(new SimulationSpec(42, 5, LocalDate.of(2027, 1, 1), 9, "demo", 0.2, false, Optional.of(Path.of("/data"))));
    }

    @Test
    void invalidValuesAreRejectedWithTheValueAndTheExpectation() {
        SimulationSpec spec = SimulationSpec.preset("test");
        assertThatThrownBy(() -> spec.withAccounts(0)).hasMessage("Invalid accounts: 0 (expected 1 to 10000000)");
        assertThatThrownBy(() -> spec.withDays(400)).hasMessage("Invalid days: 400 (expected 1 to 366)");
        assertThatThrownBy(() -> spec.withAttackShare(1.5)).hasMessage("Invalid attack share: 1.5 (expected a fraction from 0 to 0.9)");
        assertThatThrownBy(() -> SimulationSpec.preset("huge")).hasMessage("Invalid preset: huge (expected one of [demo, test, bench, hard])");
    }

    @Test
    void releaseFallsInsideTheWindow() {
        SimulationSpec spec = SimulationSpec.preset("demo");
        assertThat(spec.releaseInstant()).isEqualTo(LocalDate.of(2026, 11, 24).atTime(17, 0).toInstant(java.time.ZoneOffset.UTC));
        assertThat(spec.withDays(1).releaseInstant()).isEqualTo(spec.start().atTime(6, 0).toInstant(java.time.ZoneOffset.UTC));
    }

    @Test
    void allocationGivesEveryKindOneAndSplitsTheRestByWeight() {
        assertThat(Population.allocate(10, new double[] {1, 1})).containsExactly(5, 5);
        assertThat(Population.allocate(3, new double[] {3, 1, 1, 1})).containsExactly(2, 1, 0, 0);
        assertThat(Population.allocate(104, new double[] {98, 1, 1})).containsExactly(100, 2, 2);
    }

    @Test
    void corporaDirectoryResolvesExplicitThenEnvironmentThenDefault() {
        assertThat(Corpora.resolveDirectory(Optional.of(Path.of("/x")), Map.of(Corpora.ENVIRONMENT_VARIABLE, "/y")::get)).isEqualTo(Path.of("/x"));
        assertThat(Corpora.resolveDirectory(Optional.empty(), Map.of(Corpora.ENVIRONMENT_VARIABLE, "/y")::get)).isEqualTo(Path.of("/y"));
        assertThat(Corpora.resolveDirectory(Optional.empty(), Map.<String, String>of()::get)).isEqualTo(Corpora.DEFAULT_DIRECTORY);
    }

    @Test
    void missingCorporaDirectoryFallsBackToTheBundledSample() {
        Corpora corpora = Corpora.load(Optional.of(Path.of("target", "no-such-directory")));
        assertThat(corpora.source()).isEqualTo(Corpora.BUNDLED_SOURCE);
        for (String source : Corpora.TEXT_SOURCES) {
            assertThat(corpora.texts(source)).hasSizeGreaterThanOrEqualTo(100);
        }
        assertThat(corpora.clients()).hasSizeGreaterThan(100);
        assertThat(corpora.tokenLengths(Corpora.MOONCAKE).input()).hasSize(BundledSample.QUANTILES + 1);
    }
}
