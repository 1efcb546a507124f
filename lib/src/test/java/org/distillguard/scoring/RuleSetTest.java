package org.distillguard.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {

    @TempDir
    Path folder;

    private static double lookup(Map<String, Double> row, String name) {
        return row.getOrDefault(name, Double.NaN);
    }

    @Test
    void givenTheShippedRules_whenLoaded_thenEveryReasonCodeIsThere() {
        RuleSet rules = RuleSet.load(Path.of("..", "conf", "rules.yaml"));

        assertThat(rules.rules()).extracting(Rule::code).contains("COT_ELICITATION", "TEMPLATE_SWEEP",
                "LOGPROB_HARVEST", "HYDRA_CLUSTER", "VOLUME_SPIKE_VS_BASELINE", "OUTPUT_HARVEST", "NEW_ACCOUNT_BURST");
    }

    @Test
    void givenHandBuiltRows_whenEvaluated_thenTheRightRulesFireHeaviestFirstWithFilledSentences() {
        RuleSet.Bound rules = RuleSet.load(Path.of("..", "conf", "rules.yaml")).bind(List.of("requests", "cot_share",
                "cot_language_count", "logprobs_share", "cluster_size", "cluster_score"));
        Map<String, Double> harvester = Map.of("requests", 240.0, "cot_share", 0.8, "cot_language_count", 3.0,
                "logprobs_share", 0.95, "cluster_size", 12.0, "cluster_score", 0.9);
        Map<String, Double> person = Map.of("requests", 240.0, "cot_share", 0.1, "cot_language_count", 1.0,
                "logprobs_share", 0.0);

        List<RuleHit> hits = rules.evaluate(name -> lookup(harvester, name));

        assertThat(RuleSet.Bound.reasons(hits)).containsExactly("HYDRA_CLUSTER", "LOGPROB_HARVEST", "COT_ELICITATION");
        assertThat(hits.get(1).sentence()).isEqualTo("Requested token log-probabilities on 95% of 240 requests.");
        assertThat(hits.get(0).sentence()).isEqualTo("Member of a coordinated cluster of 12 accounts (cluster score 0.90).");
        assertThat(RuleSet.Bound.score(hits)).isEqualTo(1 - (1 - 0.6) * (1 - 0.55) * (1 - 0.5), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(rules.evaluate(name -> lookup(person, name))).isEmpty();
    }

    @Test
    void givenATableWithoutAFeature_whenBound_thenItsRulesAreSkippedWithAWarning() {
        // Every catalog feature, but no coordination output: the cluster rule cannot run, the others can.
        RuleSet.Bound rules = RuleSet.load(Path.of("..", "conf", "rules.yaml"))
                .bind(org.distillguard.features.FeatureCatalog.names());

        assertThat(rules.rules()).extracting(Rule::id).isNotEmpty().doesNotContain("hydra-cluster");
        assertThat(rules.warnings()).containsExactly("rule hydra-cluster (HYDRA_CLUSTER) skipped: the feature table has no "
                + "cluster_size, cluster_score");
    }

    @Test
    void givenAnyAndAllCombined_whenEvaluated_thenTheyNest() {
        Condition condition = Condition.allOf(Condition.compare("a", Comparison.GREATER, 1),
                Condition.anyOf(Condition.compare("b", Comparison.EQUAL, 0), Condition.compare("c", Comparison.LESS_OR_EQUAL, 5)));

        assertThat(condition.test(name -> Map.of("a", 2.0, "b", 1.0, "c", 5.0).get(name))).isTrue();
        assertThat(condition.test(name -> Map.of("a", 2.0, "b", 1.0, "c", 6.0).get(name))).isFalse();
        assertThat(condition.test(name -> name.equals("a") ? Double.NaN : 0.0)).isFalse();
    }

    @Test
    void givenATypoedOperator_whenLoaded_thenItFailsNamingTheOperator() throws IOException {
        Path file = write("""
                rules:
                  - id: r1
                    code: LOGPROB_HARVEST
                    weight: 0.5
                    sentence: "x"
                    when: {feature: logprobs_share, op: "=>", value: 0.5}
                """);

        assertThatThrownBy(() -> RuleSet.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot load rules " + file + ": Invalid operator: '=>' (expected one of > >= < <= == !=)");
    }

    @Test
    void givenAnUnknownKey_whenLoaded_thenItFailsNamingTheKey() throws IOException {
        Path file = write("""
                rules:
                  - id: r1
                    code: LOGPROB_HARVEST
                    wieght: 0.5
                    sentence: "x"
                    when: {feature: logprobs_share, op: ">=", value: 0.5}
                """);

        assertThatThrownBy(() -> RuleSet.load(file)).hasMessageContaining("unknown key 'wieght' at rules[0]");
    }

    @Test
    void givenABadWeight_whenLoaded_thenItFailsNamingTheRule() throws IOException {
        Path file = write("""
                rules:
                  - id: r1
                    code: LOGPROB_HARVEST
                    weight: 1.5
                    sentence: "x"
                    when: {feature: logprobs_share, op: ">=", value: 0.5}
                """);

        assertThatThrownBy(() -> RuleSet.load(file)).hasMessageContaining("Invalid weight in rule r1: 1.5");
    }

    private Path write(String yaml) throws IOException {
        Path file = folder.resolve("rules.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
