package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PhraseMatcherTest {

    @Test
    void givenRandomTexts_whenMatched_thenTheGroupsAreExactlyThoseWithAPhraseAsACaseFoldedSubstring() {
        // A small alphabet (ASCII in both cases, accented and CJK letters, and the Kelvin sign, whose lower case is
        // the ASCII 'k') so that phrases overlap and recur often.
        String alphabet = "abAB c.Cé É思考k\u212A";
        Random random = new Random(7);
        List<List<String>> groups = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            List<String> phrases = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                phrases.add(randomText(random, alphabet, 2 + random.nextInt(4)).trim() + "x".repeat(p % 2));
            }
            phrases.removeIf(String::isBlank);
            groups.add(phrases);
        }
        PhraseMatcher matcher = PhraseMatcher.of(groups);

        for (int trial = 0; trial < 20_000; trial++) {
            String text = randomText(random, alphabet + "xX", random.nextInt(40));
            int limit = random.nextInt(45);
            assertThat(matcher.match(text, limit)).as("%s (limit %d)", text, limit).isEqualTo(naive(groups, text, limit));
        }
    }

    @Test
    void givenPhrasesInSeveralScripts_whenMatchedCaseInsensitively_thenEachGroupIsFound() {
        PhraseMatcher matcher = PhraseMatcher.of(List.of(List.of("step by step"), List.of("一步一步"), List.of("Schritt für Schritt")));

        assertThat(matcher.match("Let's think STEP BY STEP.", 100)).isEqualTo(0b001L);
        assertThat(matcher.match("请一步一步地思考", 100)).isEqualTo(0b010L);
        assertThat(matcher.match("Denke SCHRITT FÜR SCHRITT nach", 100)).isEqualTo(0b100L);
        assertThat(matcher.match("step by ste", 100)).isZero();
        assertThat(matcher.match("step by step", 5)).as("only the first 5 characters are read").isZero();
        assertThat(matcher.match(null, 100)).isZero();
    }

    @Test
    void givenSixtyFourGroups_whenTheLastMatches_thenItsBitIsTheSignBit() {
        List<List<String>> groups = new ArrayList<>();
        for (int g = 0; g < 64; g++) {
            groups.add(List.of("phrase" + g + "."));
        }
        PhraseMatcher matcher = PhraseMatcher.of(groups);

        assertThat(matcher.match("... PHRASE63. and phrase0.", 100)).isEqualTo(Long.MIN_VALUE | 1L);
        assertThat(matcher.match("phrase6", 100)).isZero();
    }

    private static long naive(List<List<String>> groups, String text, int limit) {
        String folded = PhraseMatcher.fold(text.substring(0, Math.min(limit, text.length())));
        long found = 0;
        for (int g = 0; g < groups.size(); g++) {
            for (String phrase : groups.get(g)) {
                if (folded.contains(PhraseMatcher.fold(phrase))) {
                    found |= 1L << g;
                }
            }
        }
        return found;
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
