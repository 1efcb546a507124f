package org.distillguard.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.distillguard.simulate.SyntheticSecrets;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every synthetic secret, embedded in a realistic sentence, is found as its own kind and redacted away. */
class SyntheticSecretsRedactionTest {
    private static final int SAMPLES_PER_KIND = 200;
    private static final Redactor REDACTOR = Redactor.withDefaultRules();

    @Test
    void givenDefaultRulesThenEveryRuleCanBeGenerated() {
        assertThat(SyntheticSecrets.kinds()).containsExactlyElementsOf(SecretRuleSet.defaults().ids());
    }

    @TestFactory
    Stream<DynamicTest> givenGeneratedSecretEmbeddedInTextWhenRedactedThenFoundAsItsKindAndGone() {
        return SyntheticSecrets.kinds().stream().map(kind -> DynamicTest.dynamicTest(kind, () -> {
            RandomGenerator random = new SplittableRandom(kind.hashCode());
            for (int sample = 0; sample < SAMPLES_PER_KIND; sample++) {
                String secret = SyntheticSecrets.generate(kind, random);
                String text = SyntheticSecrets.embed(kind, secret, random);

                List<Finding> findings = REDACTOR.find(text);
                assertThat(findings)
                        .as("sample %d of %s in <%s>", sample, kind, text)
                        .anySatisfy(finding -> {
                            assertThat(finding.ruleId()).isEqualTo(kind);
                            assertThat(REDACTOR.secret(text, finding)).isEqualTo(secret);
                        });

                RedactionCounts counts = new RedactionCounts();
                String redacted = REDACTOR.redact(text, counts);
                assertThat(redacted).as("redacted sample %d of %s", sample, kind).doesNotContain(secret)
                        .contains("[REDACTED:" + kind);
                assertThat(counts.count(kind)).isGreaterThanOrEqualTo(1);
            }
        }));
    }

    @Test
    void givenGeneratedCardsThenTheyAreLuhnValidAndVaried() {
        RandomGenerator random = new SplittableRandom(7);
        List<String> cards = Stream.generate(() -> SyntheticSecrets.generate("payment-card", random)).limit(100).toList();
        assertThat(cards).allSatisfy(card -> assertThat(RuleValidator.LUHN.accepts(card, 0, card.length())).isTrue());
        assertThat(cards).doesNotHaveDuplicates();
    }

    @Test
    void givenUnknownKindWhenGeneratingThenTheMessageListsTheKinds() {
        assertThatThrownBy(() -> SyntheticSecrets.generate("no-such-kind", new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid synthetic secret kind: no-such-kind (expected one of [anthropic-api-key");
    }
}
