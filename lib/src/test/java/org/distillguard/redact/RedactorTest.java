package org.distillguard.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.distillguard.simulate.SyntheticSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {
    private static final Redactor REDACTOR = Redactor.withDefaultRules();
    private static final RandomGenerator RANDOM = new SplittableRandom(42);

    /** Texts that look a little like secrets or PII and must never be touched by the whole rule set. */
    @ParameterizedTest
    @ValueSource(strings = {
            "the sk-learn package and scikit-learn's sk-means",
            "a task-based approach; ask-me-anything; risk-free",
            "request id 123e4567-e89b-12d3-a456-426614174000",
            "commit da39a3ee5e6b4b0d3255bfef95601890afd80709 fixed it",
            "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "upgrade from v2.14.0-rc.1 to 3.0.12 or 1.2.3.4567",
            "on 2024-03-15T10:22:33Z and 2024-03-15 10:22:33.123+05:30",
            "17*23 = 391, 2 + 2 = 4, 1000 - 7 = 993, 12345 * 6789 = 83810205",
            "connect to 192.168.1.100, 10.0.0.1 or 2001:db8::8a2e:370:7334",
            "the years 1999 and 2024, 42 items, 3.14159, 1234567890, 1700000000000",
            "aGVsbG8gd29ybGQ= and c2VjcmV0 decode to words",
            "see https://example.com/docs?page=2&lang=en and https://github.com/org/repo",
            "ssh://git@github.com/org/repo.git and https://example.com:8443/path",
            "type password = hunter in the password field",
            "the password field is required; the API key goes in the header",
            "card 4111 1111 1111 1112 is Luhn-invalid",
            "card typo 6011000990139426 and order 4539578763621488",
            "monkey = banana, token count: 512, max_tokens: 4096",
            "my key: value pairs, secret: sauce",
            "price +1.50 and -3, score 10+12345678 ops",
    })
    void givenNearMissTextThenNothingIsRedacted(String text) {
        assertThat(REDACTOR.find(text)).isEmpty();
        assertThat(REDACTOR.redact(text, new RedactionCounts())).isSameAs(text);
    }

    @Test
    void givenNullOrEmptyTextThenReturnedAsIs() {
        RedactionCounts counts = new RedactionCounts();
        assertThat(REDACTOR.redact(null, counts)).isNull();
        assertThat(REDACTOR.redact("", counts)).isEmpty();
        assertThat(REDACTOR.find(null)).isEmpty();
        assertThat(REDACTOR.find("")).isEmpty();
        assertThat(counts.isEmpty()).isTrue();
    }

    @Test
    void givenTextWithSeveralKindsThenEachIsRedactedAndCounted() {
        String awsKey = SyntheticSecrets.generate("aws-access-key", RANDOM);
        String githubToken = SyntheticSecrets.generate("github-pat", RANDOM);
        String text = "keys " + awsKey + " and " + githubToken + ", mail jane@example.com or bob@example.org, also " + awsKey;
        RedactionCounts counts = new RedactionCounts();

        String redacted = REDACTOR.redact(text, counts);

        assertThat(redacted).isEqualTo("keys [REDACTED:aws-access-key] and [REDACTED:github-pat], mail [REDACTED:email] or "
                + "[REDACTED:email], also [REDACTED:aws-access-key]");
        assertThat(counts.asMap()).containsExactly(Map.entry("aws-access-key", 2L), Map.entry("email", 2L),
                Map.entry("github-pat", 1L));
        assertThat(counts.total()).isEqualTo(5);
    }

    @Test
    void givenPaymentCardThenOnlyTheLastFourAreKept() {
        assertThat(REDACTOR.redact("pay with 4111 1111 1111 1111 today")).isEqualTo("pay with [REDACTED:payment-card:1111] today");
        assertThat(REDACTOR.redact("amex 378282246310005.")).isEqualTo("amex [REDACTED:payment-card:0005].");
    }

    @Test
    void givenSecretInContextThenOnlyTheSecretGroupIsReplaced() {
        String secret = SyntheticSecrets.generate("aws-secret-access-key", RANDOM);
        assertThat(REDACTOR.redact("aws_secret_access_key = " + secret + "\nregion = us-east-1"))
                .isEqualTo("aws_secret_access_key = [REDACTED:aws-secret-access-key]\nregion = us-east-1");
        assertThat(REDACTOR.redact("https://deploy:Zq7Lw2Rt9Xp4@git.example.com/app.git"))
                .isEqualTo("https://deploy:[REDACTED:url-password]@git.example.com/app.git");
    }

    @Test
    void givenFindingsThenTheyGiveTheSecretButNeverPrintIt() {
        String token = SyntheticSecrets.generate("github-pat", RANDOM);
        String text = "use " + token + " here";

        List<Finding> findings = REDACTOR.find(text);

        assertThat(findings).containsExactly(new Finding("github-pat", RuleCategory.SECRET, 4, 4 + token.length()));
        assertThat(REDACTOR.secret(text, findings.get(0))).isEqualTo(token);
        assertThat(findings.get(0).toString()).doesNotContain(token);
        assertThatThrownBy(() -> REDACTOR.secret("short", findings.get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid finding: it ends at " + (4 + token.length()));
    }

    @Test
    void givenOverlappingMatchesThenTheLongestNamesOneSpanCoveringAll() {
        SecretRuleSet rules = new SecretRuleSet(List.of(
                SecretRule.of("short-kind", "abc[0-9]{4}", List.of(), RuleCategory.SECRET),
                SecretRule.of("long-kind", "[0-9]{4}xyz[0-9]{6}", List.of(), RuleCategory.SECRET),
                SecretRule.of("same-length-later", "abc[0-9]{4}", List.of(), RuleCategory.SECRET)));
        Redactor redactor = new Redactor(rules);

        assertThat(redactor.redact("x abc1234xyz567890 y")).isEqualTo("x [REDACTED:long-kind] y");
        assertThat(redactor.find("x abc1234xyz567890 y")).containsExactly(new Finding("long-kind", RuleCategory.SECRET, 2, 18));
        assertThat(redactor.redact("x abc1234 y")).isEqualTo("x [REDACTED:short-kind] y");
    }

    @Test
    void givenTokenAssignedToGenericNameThenTheSpecificKindWins() {
        String key = SyntheticSecrets.generate("openai-project-key", RANDOM);
        assertThat(REDACTOR.redact("OPENAI_API_KEY=" + key + ".")).isEqualTo("OPENAI_API_KEY=[REDACTED:openai-project-key].");
    }

    @Test
    void givenKeywordAbsentThenTheRegexDoesNotRun() {
        // The regex would match, but its keyword is missing: the prefilter skips it.
        Redactor redactor = new Redactor(new SecretRuleSet(List.of(
                SecretRule.of("needs-keyword", "[0-9]{6}", List.of("code"), RuleCategory.SECRET))));
        assertThat(redactor.redact("number 123456")).isEqualTo("number 123456");
        assertThat(redactor.redact("CODE 123456")).isEqualTo("CODE [REDACTED:needs-keyword]");
    }

    @Test
    void givenTruncatedPrivateKeyThenTheBase64BodyIsStillRedacted() {
        String text = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9aHd2b3JkMHhqK0xZcGpGb0x3RzVUYk5RZz09\nAbCd";
        assertThat(REDACTOR.redact(text)).isEqualTo("[REDACTED:private-key]");
    }

    @Test
    void givenHostileInputThenRedactionStaysFast() {
        String[] hostile = {
                "a".repeat(50_000), "1".repeat(50_000), "+1 ".repeat(10_000), "key=" + "x".repeat(20_000),
                "-----BEGIN PRIVATE KEY-----" + " x".repeat(20_000), "a@".repeat(20_000), "eyJ" + "a".repeat(20_000) + ".",
                "postgres://" + "u:".repeat(10_000), "(123) ".repeat(10_000), "4111 ".repeat(10_000)};
        long start = System.nanoTime();
        for (String text : hostile) {
            REDACTOR.redact(text);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(10_000);
    }

    @Test
    void givenSerializedRedactorThenItRedactsTheSame() throws Exception {
        String text = "contact jane@example.com with " + SyntheticSecrets.generate("npm-token", RANDOM);
        String before = REDACTOR.redact(text);
        Redactor copy = HmacKeyTest.roundTrip(REDACTOR);
        assertThat(copy.redact(text)).isEqualTo(before).isEqualTo("contact [REDACTED:email] with [REDACTED:npm-token]");
    }

    @Test
    void givenCountsThenResetAndMergeWork() {
        RedactionCounts total = new RedactionCounts();
        RedactionCounts perRecord = new RedactionCounts();
        for (String text : List.of("a@example.com", "b@example.com and c@example.com", "nothing here")) {
            perRecord.reset();
            REDACTOR.redact(text, perRecord);
            total.merge(perRecord);
        }
        assertThat(perRecord.isEmpty()).isTrue();
        assertThat(total.count("email")).isEqualTo(3);
        assertThat(total.count("jwt")).isZero();
        assertThatThrownBy(() -> total.add("email", -1)).hasMessage("Invalid redaction count: -1 (expected >= 0)");
    }

    @Test
    void givenThroughputMeasureThenItReportsAPositiveRate() {
        double perSecond = RedactorThroughput.measure(List.of("hello world", "mail me at a@example.com"), 10);
        assertThat(perSecond).isPositive();
        assertThatThrownBy(() -> RedactorThroughput.measure(List.of(), 1))
                .hasMessage("Cannot measure redaction throughput: no texts given");
    }
}
