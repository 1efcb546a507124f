package org.distillguard.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.distillguard.config.ConfigLoader;
import org.distillguard.config.ReviewConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {

    @Test
    void givenJsonWithMarkupAndLineSeparators_whenMadeScriptSafe_thenNothingCanCloseTheElement() {
        assertThat(ReportHtml.scriptSafeJson("{\"a\":\"</script><!--&\u2028\u2029\"}"))
                .isEqualTo("{\"a\":\"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029\"}");
    }

    @Test
    void givenLongMultilinePrompts_whenShortened_thenOneLineCutWithAnEllipsis() {
        assertThat(ReportHtml.snippet("a\n\n\tb\u0000c  d", 100)).isEqualTo("a b c d");
        assertThat(ReportHtml.snippet("x".repeat(20), 10)).isEqualTo("x".repeat(10) + "…");
        assertThat(ReportHtml.snippet(null, 10)).isEmpty();
    }

    @Test
    void givenQuantiles_whenAValueIsPlaced_thenItsPercentileIsTheShareBelowIt() {
        double[] quantiles = new double[101];
        for (int i = 0; i <= 100; i++) {
            quantiles[i] = i;
        }
        assertThat(ReviewJob.percentile(quantiles, -1)).isZero();
        assertThat(ReviewJob.percentile(quantiles, 1000)).isEqualTo(100);
        assertThat(ReviewJob.percentile(quantiles, 50)).isBetween(49.0, 51.0);
    }

    @Test
    void givenValuesOfSeveralAccounts_whenShared_thenOnlyThoseOfTwoOrMoreMostSharedFirst() {
        assertThat(ReviewJob.shared(List.of("a", "b", "c"), java.util.Map.of("a", List.of("x", "y"), "b", List.of("x", "y", "z"),
                "c", List.of("x")))).containsExactly("x", "y");
    }

    @Test
    void givenTheDefaults_whenLoadedWithOverrides_thenTheReviewSectionBindsEveryKey() {
        assertThat(ConfigLoader.load(Optional.empty(), List.of()).review()).isEqualTo(ReviewConfig.defaults());
        assertThat(ConfigLoader.load(Optional.empty(), List.of("review.capacity=25", "review.account-sections=5",
                "review.snippets-per-account=2", "review.snippet-chars=80", "review.max-note-chars=300",
                "review.bind=::1", "review.port=8765")).review())
                .isEqualTo(new ReviewConfig(25, 5, 2, 80, 300, "::1", 8765));
    }
}
