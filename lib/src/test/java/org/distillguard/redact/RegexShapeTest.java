package org.distillguard.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import org.distillguard.simulate.SyntheticSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The regex facts the redactor's windows rely on, and windowed redaction finding what a whole-text scan finds. */
class RegexShapeTest {

    @Test
    void givenLiteralPrefixThenItIsTheFactorWithTheLongestMatch() {
        RegexShape shape = RegexShape.analyze("(?<![A-Za-z0-9_-])sk-proj-[A-Za-z0-9_-]{40,250}(?![A-Za-z0-9_-])");
        assertThat(shape).isNotNull();
        assertThat(shape.maxLength).isEqualTo(258);
        assertThat(shape.factor.literals()).containsExactly("sk-proj-");
        assertThat(shape.factor.exact()).containsExactly("sk-proj-");
        assertThat(shape.factor.maxBefore()).isZero();
    }

    @Test
    void givenCaseInsensitiveAlternationThenEveryBranchIsALiteralWithoutExactCase() {
        RegexShape shape = RegexShape.analyze("(?i)(?:api_?key|token)\\s{0,3}[:=]\\s{0,3}([A-Za-z0-9]{16,64})");
        assertThat(shape.factor.literals()).containsExactlyInAnyOrder("api_key", "apikey", "token");
        assertThat(shape.factor.exact()).containsOnlyNulls();
        assertThat(shape.maxLength).isEqualTo(7 + 3 + 1 + 3 + 64);
    }

    @Test
    void givenLiteralAfterBoundedPrefixThenHowFarIntoTheMatchItStartsIsBounded() {
        RegexShape shape = RegexShape.analyze("[A-Za-z0-9._%+-]{1,64}@[a-z]{2,10}");
        assertThat(shape.factor.literals()).containsExactly("@");
        assertThat(shape.factor.maxBefore()).isEqualTo(64);
        assertThat(shape.factor.before().contains('.')).isTrue();
        assertThat(shape.factor.before().contains(' ')).isFalse();
    }

    @Test
    void givenDigitsWithSeparatorsThenTheAlphabetHasNoLettersAndDigitsAreCounted() {
        RegexShape shape = RegexShape.analyze("\\([0-9]{3}\\)[ .-]?[0-9]{3}[ .-][0-9]{4}");
        assertThat(shape.alphabet.hasAsciiLetter()).isFalse();
        assertThat(shape.alphabet.other).isFalse();
        assertThat(shape.minDigits).isEqualTo(10);
        assertThat(shape.maxLength).isEqualTo(14);
    }

    @Test
    void givenCharsThatMayBeSurrogatePairsThenTheyCountTwice() {
        assertThat(RegexShape.analyze("a[^\\n]{0,40}b").maxLength).isEqualTo(82);
        assertThat(RegexShape.analyze("a.+b").maxLength).isEqualTo(RegexShape.INF);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\p{Lu}{3}", "(?x) a b", "\\Qa.b\\E", "(?s)a.b", "[a-z&&[^x]]", "[[a-z]0-9]", "(a)\\2", "\\Ga", "\\x{41}"})
    void givenSyntaxNotModelledThenThereIsNoShape(String regex) {
        assertThat(RegexShape.analyze(regex)).isNull();
    }

    @Test
    void givenDefaultRulesThenEveryOneIsWindowedAndPhoneAndCardRunOnDigitRuns() {
        for (SecretRule rule : SecretRuleSet.defaults().rules()) {
            RegexShape shape = RegexShape.analyze(rule.regex());
            assertThat(shape).as(rule.id()).isNotNull();
            assertThat(shape.maxLength).as(rule.id()).isLessThan(RegexShape.INF);
            if (rule.id().equals("phone-number") || rule.id().equals("payment-card")) {
                assertThat(shape.alphabet.hasAsciiLetter()).as(rule.id()).isFalse();
            }
            else {
                assertThat(shape.factor).as(rule.id()).isNotNull();
            }
        }
    }

    /** Rules of every plan (literal windows, digit runs, whole-text fallback), with and without keywords. */
    private static final SecretRuleSet MIXED = SecretRuleSet.defaults().withOverrides(new SecretRuleSet(List.of(
            SecretRule.of("gated-digits", "[0-9]{6}", List.of("code"), RuleCategory.SECRET),
            SecretRule.of("unicode-fallback", "\\p{Lu}{3}[0-9]{3}", List.of("ab"), RuleCategory.SECRET),
            SecretRule.of("unbounded", "(?i)pass(?:word)?\\s*[:=]\\s*(\\S+)", List.of("pass"), RuleCategory.SECRET),
            SecretRule.of("backref", "([\"'])([A-Za-z0-9]{8,20})\\1", List.of(), RuleCategory.SECRET),
            SecretRule.of("mid-flag", "id(?i)_?TOKEN[=:]([a-z0-9]{6,12})", List.of("token"), RuleCategory.SECRET))));

    @Test
    void givenRandomTextsThenWindowedFindingsEqualAWholeTextScan() {
        Redactor redactor = new Redactor(MIXED);
        SplittableRandom random = new SplittableRandom(11);
        List<String> pieces = new ArrayList<>(List.of("code 123456", "ABC123 ab", "pass = hunter2", "'abcdefgh12'",
                "idTOKEN=abc123", "call +44 20 7946 0958 or (212) 555-0199", "card 4111 1111 1111 1111", "a.b@example.org",
                "plain prose about keys, tokens and secrets: none here.", "x = f(1, 2) + 3; // 2024-03-15", "ünïcödé ✓ 😀"));
        for (SecretRule rule : MIXED.rules()) {
            pieces.addAll(rule.examples());
            pieces.addAll(rule.nearMisses());
        }
        for (String kind : SyntheticSecrets.kinds()) {
            pieces.add(SyntheticSecrets.embed(kind, SyntheticSecrets.generate(kind, random), random));
        }
        String noise = "0123456789 +-.()@:=/_\"'\nabcKEYsk-SKeyJ;é";
        int compared = 0;
        for (int sample = 0; sample < 3000; sample++) {
            StringBuilder text = new StringBuilder();
            for (int part = 0, parts = 1 + random.nextInt(4); part < parts; part++) {
                text.append(pieces.get(random.nextInt(pieces.size())));
                text.append(noise.charAt(random.nextInt(noise.length())));
            }
            for (int edit = random.nextInt(3); edit > 0; edit--) {
                text.setCharAt(random.nextInt(text.length()), noise.charAt(random.nextInt(noise.length())));
            }
            List<Finding> reference = wholeTextMatches(text.toString());
            if (overlapping(reference)) {
                continue; // resolution merges overlaps; the raw matches are then not the findings
            }
            compared++;
            assertThat(redactor.find(text.toString())).as("findings in <%s>", text).isEqualTo(reference);
        }
        assertThat(compared).isGreaterThan(1000);
    }

    /** Each rule's matches over the whole text, gated by its keywords as the rule file documents. */
    private static List<Finding> wholeTextMatches(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<Finding> found = new ArrayList<>();
        for (SecretRule rule : MIXED.rules()) {
            if (!rule.keywords().isEmpty() && rule.keywords().stream().noneMatch(lower::contains)) {
                continue;
            }
            Matcher matcher = rule.compile().matcher(text);
            while (matcher.find()) {
                int start = matcher.start(rule.secretGroup());
                int end = matcher.end(rule.secretGroup());
                if (start < 0 || end <= start
                        || (rule.minEntropy() > 0 && ShannonEntropy.bitsPerChar(text, start, end) < rule.minEntropy())
                        || !rule.validator().accepts(text, start, end)) {
                    continue;
                }
                found.add(new Finding(rule.id(), rule.category(), start, end));
            }
        }
        found.sort(Comparator.comparingInt(Finding::start));
        return found;
    }

    private static boolean overlapping(List<Finding> sorted) {
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start() < sorted.get(i - 1).end()) {
                return true;
            }
        }
        return false;
    }
}
