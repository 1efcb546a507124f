package org.distillguard.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRuleSetTest {
    @TempDir
    Path directory;

    private static SecretRuleSet parse(String yaml) {
        return SecretRuleSet.fromYaml(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void givenDefaultsThenLoadedFromTheClasspathWithFullMapping() {
        SecretRule card = SecretRuleSet.defaults().rule("payment-card").orElseThrow();
        assertThat(card.category()).isEqualTo(RuleCategory.PII);
        assertThat(card.validator()).isEqualTo(RuleValidator.LUHN);
        assertThat(card.keepLastFour()).isTrue();
        assertThat(card.keywords()).isEmpty();

        SecretRule awsSecret = SecretRuleSet.defaults().rule("aws-secret-access-key").orElseThrow();
        assertThat(awsSecret.secretGroup()).isEqualTo(1);
        assertThat(awsSecret.minEntropy()).isEqualTo(3.5);
        assertThat(awsSecret.keepLastFour()).isFalse();
        assertThat(awsSecret.validator()).isEqualTo(RuleValidator.NONE);
        assertThat(SecretRuleSet.defaults().rules()).filteredOn(SecretRule::keepLastFour).extracting(SecretRule::id)
                .containsExactly("payment-card");
    }

    @Test
    void givenMinimalRuleThenDefaultsApply() {
        SecretRule rule = parse("""
                rules:
                  - id: internal-token
                    description: Internal service token
                    regex: 'itk_[a-z0-9]{32}'
                    category: secret
                """).rules().get(0);
        assertThat(rule).isEqualTo(new SecretRule("internal-token", "Internal service token", "itk_[a-z0-9]{32}", List.of(), 0,
                0.0, false, RuleCategory.SECRET, RuleValidator.NONE, List.of(), List.of()));
    }

    @Test
    void givenUnknownKeyThenRejectedByName() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - id: internal-token
                    description: x
                    regex: 'itk_[a-z0-9]{32}'
                    category: secret
                    entropy: 3
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot load secret rules from test.yaml: unknown key 'entropy' at rules[0]")
                .hasMessageContaining("min-entropy");
    }

    @Test
    void givenRegexThatDoesNotCompileThenRejectedWithRuleId() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - id: broken-rule
                    description: x
                    regex: 'itk_([a-z'
                    category: secret
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid secret rule 'broken-rule': Unclosed character class near index")
                .hasMessageEndingWith("in test.yaml");
    }

    @Test
    void givenDuplicateIdsThenRejected() {
        assertThatThrownBy(() -> parse("""
                rules:
                  - {id: twice, description: x, regex: 'a', category: secret}
                  - {id: twice, description: y, regex: 'b', category: pii}
                """))
                .hasMessage("Invalid secret rules: duplicate rule id 'twice' in test.yaml");
    }

    @Test
    void givenInvalidFieldsThenEachMessageSaysWhatIsExpected() {
        assertThatThrownBy(() -> parse("rules:\n  - {id: Bad_Id, description: x, regex: 'a', category: secret}\n"))
                .hasMessageStartingWith("Invalid secret rule id: 'Bad_Id' (expected kebab-case");
        assertThatThrownBy(() -> parse("rules:\n  - {id: a, description: x, regex: 'a', category: password}\n"))
                .hasMessageStartingWith("Invalid rule category: password (expected secret or pii)");
        assertThatThrownBy(() -> parse("rules:\n  - {id: a, description: x, regex: 'a', category: pii, validator: crc}\n"))
                .hasMessageStartingWith("Invalid rule validator: crc (expected luhn or phone)");
        assertThatThrownBy(() -> parse("rules:\n  - {id: a, description: x, regex: 'a(b)', category: pii, secret-group: 2}\n"))
                .hasMessageStartingWith("Invalid secret rule 'a': secret-group 2 (expected 0 to 1");
        assertThatThrownBy(() -> parse("rules:\n  - {id: a, description: x, regex: 'a', category: pii, keywords: [Token]}\n"))
                .hasMessageStartingWith("Invalid secret rule 'a': keyword 'Token' (expected a non-empty lower-case ASCII string)");
        assertThatThrownBy(() -> parse("rules:\n  - {id: a, description: x, category: pii}\n"))
                .hasMessageStartingWith("regex is null");
    }

    @Test
    void givenOperatorFileThenItReplacesSameIdsInPlaceAndAppendsNewOnes() throws Exception {
        Path file = Files.writeString(directory.resolve("extra-rules.yaml"), """
                rules:
                  - id: email
                    description: Only company addresses
                    regex: '[a-z.]{1,64}@corp\\.example'
                    keywords: ['@corp.example']
                    category: pii
                  - id: internal-token
                    description: Internal service token
                    regex: 'itk_[a-z0-9]{32}'
                    keywords: [itk_]
                    category: secret
                """);
        SecretRuleSet merged = SecretRuleSet.defaultsWith(Optional.of(file));
        List<String> defaultIds = SecretRuleSet.defaults().ids();

        assertThat(merged.ids()).hasSize(defaultIds.size() + 1).endsWith("internal-token");
        assertThat(merged.ids().indexOf("email")).isEqualTo(defaultIds.indexOf("email"));
        assertThat(merged.rule("email").orElseThrow().description()).isEqualTo("Only company addresses");

        Redactor redactor = new Redactor(merged);
        assertThat(redactor.redact("itk_0123456789abcdef0123456789abcdef and ann@corp.example"))
                .isEqualTo("[REDACTED:internal-token] and [REDACTED:email]");
        assertThat(SecretRuleSet.defaultsWith(Optional.empty())).isEqualTo(SecretRuleSet.defaults());
    }

    @Test
    void givenMissingOperatorFileThenTheMessageNamesIt() {
        Path missing = directory.resolve("none.yaml");
        assertThatThrownBy(() -> SecretRuleSet.fromPath(missing))
                .hasMessageStartingWith("Cannot read secret rules from " + missing);
    }
}
