package org.distillguard.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LanguageTest {

    private static Language vote(String... words) {
        long[] tokens = Arrays.stream(words).mapToLong(Language::wordHash).toArray();
        int[] votes = new int[Language.values().length];
        return Language.latinByStopwords(tokens, tokens.length, votes);
    }

    @Test
    void givenFunctionWords_thenTheLanguageWithTheMostVotesWinsAndATieGoesToTheEarlierLanguage() {
        assertThat(vote("what", "is", "the", "point")).isEqualTo(Language.ENGLISH);
        assertThat(vote("der", "Hund", "und", "die", "Katze")).isEqualTo(Language.GERMAN);
        // Two Spanish and two Portuguese function words: the tie goes to Spanish, listed first; a third tips it.
        assertThat(vote("una", "casa", "para", "não", "você")).isEqualTo(Language.SPANISH);
        assertThat(vote("una", "casa", "para", "não", "você", "uma")).isEqualTo(Language.PORTUGUESE);
    }

    @Test
    void givenAtMostOneFunctionWord_thenItIsOtherLatin() {
        assertThat(vote("the", "quick", "brown", "fox")).isEqualTo(Language.OTHER_LATIN);
        assertThat(vote()).isEqualTo(Language.OTHER_LATIN);
        assertThat(vote("xylophone", "zebra")).isEqualTo(Language.OTHER_LATIN);
    }
}
