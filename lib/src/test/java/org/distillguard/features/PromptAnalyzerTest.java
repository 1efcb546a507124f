package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.distillguard.config.ConfigLoader;
import org.distillguard.config.FeatureConfig;
import org.junit.jupiter.api.Test;

class PromptAnalyzerTest {

    private final PromptAnalyzer analyzer = new PromptAnalyzer(FeatureConfig.defaults(), Lexicons.shipped());

    @Test
    void givenPromptsDifferingOnlyInTheSlot_thenHeadAndTailFingerprintsMatch() {
        analyzer.analyze("### Instruction:\nWrite a haiku about rain\n\n### Response:");
        long head = analyzer.templateHead();
        long tail = analyzer.templateTail();
        analyzer.analyze("### Instruction:\nExplain quantum tunnelling to a child in detail\n\n### Response:");
        assertThat(analyzer.templateHead()).isEqualTo(head);
        assertThat(analyzer.templateTail()).isEqualTo(tail);
        assertThat(analyzer.skeleton()).isEqualTo("instruction … response");
    }

    @Test
    void givenNumbersQuotesAndCode_thenTheyAreMaskedInTheTemplate() {
        analyzer.analyze("Rate review 12 of 40: \"great phone\" and `x = 1`");
        long head = analyzer.templateHead();
        String skeleton = analyzer.skeleton();
        analyzer.analyze("Rate review 7 of 40: \"awful, it broke in two days\" and `y = 2`");
        assertThat(analyzer.templateHead()).isEqualTo(head);
        assertThat(skeleton).isEqualTo("rate review <n> of <n> <q> and <c>"); // one line of 7 tokens: head and tail overlap
    }

    @Test
    void givenWordsMeetingOtherScriptsQuotesAndCode_thenTokensAndTemplateFollowThem() {
        // Where an ASCII run of letters and digits meets a character of any other kind.
        assertSkeleton("Café au lait", 3, "café au lait"); // a non-ASCII letter continues the word
        assertSkeleton("naïve2 x", 2, "<n> x"); // a digit after the non-ASCII letter makes the whole word a number
        assertSkeleton("ab思cd", 3, "ab 思 cd"); // an ideograph is a word of its own between two
        assertSkeleton("x```y```z", 3, "x <c> z"); // the code block hides its word from the template, not the count
        assertSkeleton("say\"hi\"now", 3, "say <q> now");
        assertSkeleton("ABC def9", 2, "abc <n>");
        assertSkeleton("end", 1, "end");
        assertSkeleton("Q: 1\nA:", 3, "q <n> a");
    }

    private void assertSkeleton(String prompt, int words, String skeleton) {
        analyzer.analyze(prompt);
        assertThat(analyzer.wordCount()).as(prompt).isEqualTo(words);
        assertThat(analyzer.skeleton()).as(prompt).isEqualTo(skeleton);
        assertThat(analyzer.skeletonUtf8()).as(prompt).isEqualTo(skeleton.getBytes(StandardCharsets.UTF_8));
    }

    /** Fewer than {@code most} pieces drawn at random, joined. */
    private static String randomText(Random random, String[] pieces, int most) {
        StringBuilder text = new StringBuilder();
        for (int p = random.nextInt(most); p > 0; p--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    @Test
    void givenPromptsOfAnyScript_thenTheSkeletonsBytesAreItsUtf8() {
        // Long enough for the head, the ellipsis and the tail; letters of one, two and three UTF-8 bytes, and characters
        // of four (surrogate pairs), which separate words and so never reach a skeleton.
        String[] pieces = {"a", "Z", "7", " ", "é", "ж", "思", "한", "\uD83D\uDE00", "\uD835\uDC00", "\n", "\"", "`"};
        Random random = new Random(11);
        int withEllipsis = 0;
        for (int trial = 0; trial < 5_000; trial++) {
            String prompt = randomText(random, pieces, 120);
            analyzer.analyze(prompt);
            String skeleton = analyzer.skeleton();
            assertThat(analyzer.skeletonUtf8()).as(prompt).isEqualTo(skeleton.getBytes(StandardCharsets.UTF_8));
            withEllipsis += skeleton.contains("…") ? 1 : 0;
        }
        assertThat(withEllipsis).isGreaterThan(500);
        analyzer.analyze("");
        assertThat(analyzer.skeletonUtf8()).isEmpty();
    }

    @Test
    void givenTextOfAnyScript_thenCodePointsAreCountedOverTheWholePrompt() {
        // A short analysed length, so prompts run past it and surrogate pairs straddle its end.
        FeatureConfig d = FeatureConfig.defaults();
        FeatureConfig shortScan = new FeatureConfig(d.modelOutputLimit(), d.nearLimitFraction(), d.offHoursBlockHours(),
                16, d.templateHeadTokens(), d.templateTrackedItems(), d.hllLgConfigK(), d.baselineMinDays(),
                d.evidenceTemplates(), d.evidenceSkeletons(), d.evidenceSkeletonChars(), d.evidenceSetSize());
        PromptAnalyzer shortAnalyzer = new PromptAnalyzer(shortScan, Lexicons.shipped());
        String[] pieces = {"a", "Z", "7", " ", "é", "思", "\uD83D\uDE00", "\uD83D", "\uDE00", "\n"};
        Random random = new Random(5);
        int straddling = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            String prompt = randomText(random, pieces, 30);
            shortAnalyzer.analyze(prompt);
            assertThat(shortAnalyzer.codePoints()).as(prompt).isEqualTo(prompt.codePointCount(0, prompt.length()));
            analyzer.analyze(prompt);
            assertThat(analyzer.codePoints()).as(prompt).isEqualTo(prompt.codePointCount(0, prompt.length()));
            straddling += prompt.length() > 16 && Character.isHighSurrogate(prompt.charAt(15))
                    && Character.isLowSurrogate(prompt.charAt(16)) ? 1 : 0;
        }
        assertThat(straddling).isGreaterThan(100);
        analyzer.analyze(null);
        assertThat(analyzer.codePoints()).isZero();
    }

    @Test
    void givenAShorterSkeletonLimit_thenTheSkeletonIsTheLongOneCut() {
        FeatureConfig d = FeatureConfig.defaults();
        Random random = new Random(3);
        String[] words = {"instruction", "rate", "12", "\"quoted span\"", "`code`", "\n", "…", "思考", "response", ":"};
        List<String> prompts = new ArrayList<>();
        for (int trial = 0; trial < 2_000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(60); p > 0; p--) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(4) == 0 ? "\n" : " ");
            }
            prompts.add(text.toString());
        }
        PromptAnalyzer wide = new PromptAnalyzer(withSkeletonChars(d, 1000), Lexicons.shipped());
        for (int limit : new int[] {16, 17, 25, 40}) {
            PromptAnalyzer cut = new PromptAnalyzer(withSkeletonChars(d, limit), Lexicons.shipped());
            int longer = 0;
            for (String prompt : prompts) {
                wide.analyze(prompt);
                cut.analyze(prompt);
                String full = wide.skeleton();
                longer += full.length() > limit ? 1 : 0;
                assertThat(cut.skeleton()).as(prompt).isEqualTo(full.substring(0, Math.min(limit, full.length())));
            }
            assertThat(longer).as("prompts whose skeleton is cut at " + limit).isGreaterThan(100);
        }
    }

    private static FeatureConfig withSkeletonChars(FeatureConfig d, int chars) {
        return new FeatureConfig(d.modelOutputLimit(), d.nearLimitFraction(), d.offHoursBlockHours(), d.analysisChars(),
                d.templateHeadTokens(), d.templateTrackedItems(), d.hllLgConfigK(), d.baselineMinDays(),
                d.evidenceTemplates(), d.evidenceSkeletons(), chars, d.evidenceSetSize());
    }

    @Test
    void givenHumanQuestions_thenFingerprintsDiffer() {
        analyzer.analyze("What is the capital of France?");
        long head = analyzer.templateHead();
        analyzer.analyze("How do I bake sourdough bread at home?");
        assertThat(analyzer.templateHead()).isNotEqualTo(head);
    }

    @Test
    void givenAnEmptyOrNullPrompt_thenEverythingIsZero() {
        analyzer.analyze(null);
        assertThat(analyzer.wordCount()).isZero();
        assertThat(analyzer.shingleCount()).isZero();
        assertThat(analyzer.nearDuplicateKey()).isZero();
        assertThat(analyzer.lexicalEntropy()).isZero();
        assertThat(analyzer.languageMask()).isZero();
        assertThat(analyzer.skeleton()).isEmpty();
        assertThat(analyzer.signature()).containsOnly(PromptAnalyzer.EMPTY_BIN);
    }

    @Test
    void givenIdenticalWords_thenNearDuplicateKeysAndSignaturesAgree() {
        analyzer.analyze("Translate the following sentence into French please");
        long key = analyzer.nearDuplicateKey();
        int[] signature = analyzer.signature().clone();
        analyzer.analyze("TRANSLATE the following sentence, into French please!");
        assertThat(analyzer.nearDuplicateKey()).isEqualTo(key);
        assertThat(analyzer.signature()).containsExactly(signature);
        assertThat(analyzer.shingleCount()).isEqualTo(6); // 7 words, 6 bigrams
    }

    @Test
    void givenRepeatedWords_thenLexicalEntropyIsTheWordDistributionEntropy() {
        analyzer.analyze("a a b b");
        assertThat(analyzer.lexicalEntropy()).isEqualTo(1.0);
        analyzer.analyze("one two three four");
        assertThat(analyzer.lexicalEntropy()).isEqualTo(2.0);
        analyzer.analyze("to be or not to be, to think");
        // counts to 3, be 2, or/not/think 1 of 8 words: -sum p log2 p
        assertThat(analyzer.lexicalEntropy()).isCloseTo(-plogp(3, 8) - plogp(2, 8) - 3 * plogp(1, 8), within(1e-12));
        analyzer.analyze("again again again");
        assertThat(analyzer.lexicalEntropy()).isZero();
    }

    @Test
    void givenAWordRepeatedBeyondTheCountTable_thenEntropyIsStillExact() {
        // 5,000 of one word and 1,000 of another exceed the c ln c table (counts up to 4,096).
        FeatureConfig config = ConfigLoader.load(Optional.empty(), List.of("features.analysis-chars=100000")).features();
        PromptAnalyzer wide = new PromptAnalyzer(config, Lexicons.shipped());
        wide.analyze("a ".repeat(5000) + "b ".repeat(1000));
        assertThat(wide.wordCount()).isEqualTo(6000);
        assertThat(wide.lexicalEntropy()).isCloseTo(-plogp(5000, 6000) - plogp(1000, 6000), within(1e-12));
    }

    private static double plogp(int count, int total) {
        double p = (double) count / total;
        return p * Math.log(p) / Math.log(2);
    }

    @Test
    void givenRandomPromptsOfLexiconPhrases_thenTheMasksAreThoseOfTheMatcherRunOnItsOwn() {
        // The tokenizer runs the phrase automaton in its own loop, including over the backticks of a code fence it
        // skips; the masks must be what a separate scan of the same characters finds.
        Lexicons lexicons = Lexicons.shipped();
        List<String> pieces = new ArrayList<>();
        lexicons.cotPhrases().values().forEach(pieces::addAll);
        lexicons.capabilities().values().forEach(pieces::addAll);
        pieces.addAll(lexicons.followUpPhrases());
        pieces.addAll(lexicons.structuredPairPhrases());
        pieces.addAll(List.of("```", "`", "\"", "\u201C", "\u201D", "\n", " ", " ", "K", "\u212A", "É", "思考", "12", "x"));
        PhraseMatcher matcher = lexicons.phraseMatcher();
        long cotBits = (1L << lexicons.cotPhrases().size()) - 1;
        long capabilityBits = (1L << lexicons.capabilities().size()) - 1;
        Random random = new Random(11);
        int withPhrases = 0;
        for (int trial = 0; trial < 5_000; trial++) {
            StringBuilder text = new StringBuilder();
            for (int p = random.nextInt(12); p > 0; p--) {
                String piece = pieces.get(random.nextInt(pieces.size()));
                text.append(random.nextBoolean() ? piece : piece.toUpperCase(java.util.Locale.ROOT));
                if (random.nextInt(3) == 0) {
                    text.append(' ');
                }
            }
            String prompt = text.toString();
            analyzer.analyze(prompt);
            long found = matcher.match(prompt, FeatureConfig.defaults().analysisChars());
            withPhrases += found != 0 ? 1 : 0;
            assertThat(analyzer.cotMask()).as(prompt).isEqualTo((int) (found & cotBits));
            assertThat(analyzer.capabilityMask()).as(prompt)
                    .isEqualTo((int) ((found >>> lexicons.capabilityShift()) & capabilityBits));
            assertThat(analyzer.followUp()).as(prompt).isEqualTo(((found >>> lexicons.cueShift()) & 1L) != 0);
            assertThat(analyzer.structuredPair()).as(prompt).isEqualTo(((found >>> lexicons.cueShift()) & 2L) != 0);
        }
        assertThat(withPhrases).isGreaterThan(3_000);
    }

    @Test
    void givenChainOfThoughtPhrasesInNineLanguages_thenEachLanguageIsFound() {
        List<String> languages = Lexicons.shipped().cotLanguages();
        assertThat(languages).containsExactly("en", "zh", "es", "fr", "de", "ru", "ja", "ko", "pt");
        for (org.distillguard.simulate.ReasoningPhrases.Phrase phrase : org.distillguard.simulate.ReasoningPhrases.HARVESTER_PHRASES) {
            analyzer.analyze("Sort a list. " + phrase.sentence());
            assertThat(analyzer.cotMask()).as(phrase.language())
                    .isEqualTo(1 << languages.indexOf(phrase.language()));
        }
        analyzer.analyze("What is the weather like?");
        assertThat(analyzer.cotMask()).isZero();
    }

    @Test
    void givenScriptsAndFunctionWords_thenLanguagesAreDetected() {
        analyzer.analyze("What is the best way to learn the piano and how long does it take?");
        assertThat(analyzer.languageMask()).isEqualTo(Language.ENGLISH.bit());
        analyzer.analyze("¿Cuál es la mejor manera de aprender el piano y por qué es difícil para los niños?");
        assertThat(analyzer.languageMask()).isEqualTo(Language.SPANISH.bit());
        analyzer.analyze("Solve this task. 请一步一步地思考");
        assertThat(analyzer.languageMask()).isEqualTo(Language.OTHER_LATIN.bit() | Language.CHINESE.bit());
        analyzer.analyze("ステップバイステップで考えてください");
        assertThat(analyzer.languageMask()).isEqualTo(Language.JAPANESE.bit());
        analyzer.analyze("Рассуждай шаг за шагом");
        assertThat(analyzer.languageMask()).isEqualTo(Language.RUSSIAN.bit());
    }

    @Test
    void givenCues_thenFollowUpAndTrainingPairsAreFlagged() {
        analyzer.analyze("Can you elaborate on your previous answer?");
        assertThat(analyzer.followUp()).isTrue();
        assertThat(analyzer.structuredPair()).isFalse();
        analyzer.analyze("Generate 10 question-answer pairs as JSON with \"question\": and \"answer\": fields");
        assertThat(analyzer.structuredPair()).isTrue();
    }

    @Test
    void givenOnePromptHittingEveryPhraseList_thenEachMaskHoldsOnlyItsOwnBits() {
        List<String> capabilities = Lexicons.shipped().capabilityNames();
        analyzer.analyze("Refactor this PYTHON function and calculate the integral. Think step by step, "
                + "then elaborate on your previous answer.");
        assertThat(analyzer.cotMask()).isEqualTo(1 << Lexicons.shipped().cotLanguages().indexOf("en"));
        assertThat(analyzer.capabilityMask())
                .as("'step by step' is also a reasoning keyword")
                .isEqualTo((1 << capabilities.indexOf("code")) | (1 << capabilities.indexOf("math"))
                        | (1 << capabilities.indexOf("reasoning")));
        assertThat(analyzer.followUp()).isTrue();
        assertThat(analyzer.structuredPair()).isFalse();

        analyzer.analyze("Nothing to see here.");
        assertThat(analyzer.cotMask()).isZero();
        assertThat(analyzer.capabilityMask()).isZero();
        assertThat(analyzer.followUp()).isFalse();
    }

    @Test
    void givenAPromptQuotingAResponse_thenTheReuseKeysMatch() {
        String response = "Photosynthesis converts light energy into chemical energy stored in glucose molecules.";
        long responseKey = analyzer.responseKey(response);
        analyzer.analyze("Rewrite this more simply:\nPhotosynthesis converts light energy into chemical energy stored in glucose molecules.");
        assertThat(responseKey).isNotZero();
        assertThat(analyzer.promptReuseKey()).isEqualTo(responseKey);
        assertThat(analyzer.responseKey("too short")).isZero();
    }

    @Test
    void givenPhrasesSharingPrefixes_thenTheMatcherFindsEveryGroup() {
        PhraseMatcher matcher = PhraseMatcher.of(List.of(List.of("he", "she"), List.of("hers"), List.of("步骤")));
        assertThat(matcher.match("USHERS", 100)).isEqualTo(0b011);
        assertThat(matcher.match("下一步骤", 100)).isEqualTo(0b100);
        assertThat(matcher.match("ushers", 4)).isEqualTo(0b001); // "ushe" holds she and he, not hers
        assertThat(matcher.match(null, 100)).isZero();
    }
}
