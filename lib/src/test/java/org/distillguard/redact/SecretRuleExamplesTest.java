package org.distillguard.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The shipped rules check themselves: each rule's examples are found by it, its near-misses are not. */
class SecretRuleExamplesTest {
    private static final SecretRuleSet DEFAULTS = SecretRuleSet.defaults();

    @Test
    void givenDefaultRulesThenEveryRuleHasAtLeastTwoExamplesAndOneNearMiss() {
        assertThat(DEFAULTS.rules()).allSatisfy(rule -> {
            assertThat(rule.examples()).as(rule.id() + " examples").hasSizeGreaterThanOrEqualTo(2);
            assertThat(rule.nearMisses()).as(rule.id() + " near-misses").isNotEmpty();
            assertThat(rule.description()).as(rule.id() + " description").isNotBlank();
        });
    }

    @Test
    void givenDefaultRulesThenThereAreAtLeast25SecretKindsAndThePiiKinds() {
        assertThat(DEFAULTS.rules().stream().filter(rule -> rule.category() == RuleCategory.SECRET))
                .hasSizeGreaterThanOrEqualTo(25);
        assertThat(DEFAULTS.rules().stream().filter(rule -> rule.category() == RuleCategory.PII).map(SecretRule::id))
                .containsExactlyInAnyOrder("email", "phone-number", "payment-card");
    }

    @TestFactory
    Stream<DynamicTest> givenRuleExampleWhenRuleAloneRunsThenItIsFoundAndRedacted() {
        return DEFAULTS.rules().stream().flatMap(rule -> rule.examples().stream().map(example ->
                DynamicTest.dynamicTest(rule.id() + " finds example " + rule.examples().indexOf(example), () -> {
                    Redactor alone = new Redactor(new SecretRuleSet(List.of(rule)));
                    List<Finding> findings = alone.find(example);
                    assertThat(findings).as("findings of %s", rule.id()).isNotEmpty();
                    assertThat(findings).allSatisfy(finding -> assertThat(finding.ruleId()).isEqualTo(rule.id()));
                    assertThat(alone.redact(example)).contains("[REDACTED:" + rule.id());
                })));
    }

    @TestFactory
    Stream<DynamicTest> givenRuleExampleWhenAllRulesRunThenTheRuleNamesAFinding() {
        Redactor all = new Redactor(DEFAULTS);
        return DEFAULTS.rules().stream().flatMap(rule -> rule.examples().stream().map(example ->
                DynamicTest.dynamicTest(rule.id() + " names a finding of example " + rule.examples().indexOf(example),
                        () -> assertThat(all.find(example)).extracting(Finding::ruleId).contains(rule.id()))));
    }

    @TestFactory
    Stream<DynamicTest> givenRuleNearMissWhenRuleAloneRunsThenNothingIsFound() {
        return DEFAULTS.rules().stream().flatMap(rule -> rule.nearMisses().stream().map(nearMiss ->
                DynamicTest.dynamicTest(rule.id() + " ignores near-miss " + rule.nearMisses().indexOf(nearMiss), () -> {
                    Redactor alone = new Redactor(new SecretRuleSet(List.of(rule)));
                    assertThat(alone.find(nearMiss)).isEmpty();
                    assertThat(alone.redact(nearMiss)).isEqualTo(nearMiss);
                })));
    }
}
