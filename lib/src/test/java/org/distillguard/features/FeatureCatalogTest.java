package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import org.distillguard.testing.GeneratedDocs;
import org.junit.jupiter.api.Test;

class FeatureCatalogTest {

    static final Path DOCS = Path.of("..", "docs", "features.md");

    @Test
    void givenTheCatalog_thenItHasAtLeast40UniqueFeaturesInEveryFamily() {
        assertThat(FeatureCatalog.all()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(new HashSet<>(FeatureCatalog.names())).hasSameSizeAs(FeatureCatalog.names());
        for (FeatureFamily family : FeatureFamily.values()) {
            assertThat(FeatureCatalog.all()).anyMatch(definition -> definition.family() == family);
        }
    }

    @Test
    void givenTheCommittedDocs_thenTheyEqualTheGeneratedCatalog() {
        GeneratedDocs.check(DOCS, FeatureCatalog.markdown(), "features", "FeatureCatalogTest");
    }

    @Test
    void givenTheDailyOutput_thenItsColumnsAreTheCatalogNames() {
        Events events = Events.create();
        events.add("a", "2026-11-24T10:00:00Z", "hello");
        String[] columns = DailyFeatures.compute(events.dataset(), org.distillguard.config.FeatureConfig.defaults()).columns();
        assertThat(Arrays.asList(columns).subList(2, columns.length)).containsExactlyElementsOf(FeatureCatalog.names());
    }

    @Test
    void givenABadName_whenDefined_thenTheMessageNamesIt() {
        assertThatThrownBy(() -> new FeatureDefinition("Bad-Name", FeatureFamily.VOLUME, "x", "y", Rolling.EXACT))
                .hasMessageContaining("Invalid feature name: Bad-Name");
    }
}
