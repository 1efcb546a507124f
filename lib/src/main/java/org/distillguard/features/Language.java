package org.distillguard.features;

import java.util.Arrays;
import java.util.List;

/**
 * Languages the feature stage tells apart: by script for most, and by function words for the Latin-script languages
 * the simulator and the chain-of-thought lexicon cover. A prompt can carry several (a task in English with an
 * instruction in Chinese); each is a bit of {@code language_mask}.
 */
public enum Language {
    ENGLISH("en", false, 0, List.of("the", "and", "is", "of", "to", "you", "what", "how", "with", "this", "that", "are")),
    SPANISH("es", false, 0, List.of("el", "los", "las", "una", "por", "para", "que", "cómo", "qué", "es", "del", "con")),
    FRENCH("fr", false, 0, List.of("le", "les", "des", "une", "est", "et", "vous", "pour", "dans", "du", "ton", "avec")),
    GERMAN("de", false, 0, List.of("der", "die", "das", "und", "ist", "nicht", "ein", "eine", "ich", "mit", "zu", "deine")),
    PORTUGUESE("pt", false, 0, List.of("os", "uma", "não", "você", "com", "do", "da", "em", "seu", "resposta", "é", "todo")),
    OTHER_LATIN("latin", true, 8, List.of()),
    CHINESE("zh", true, 4, List.of()),
    JAPANESE("ja", true, 2, List.of()),
    KOREAN("ko", true, 2, List.of()),
    RUSSIAN("ru", true, 8, List.of()),
    ARABIC("ar", true, 8, List.of()),
    HINDI("hi", true, 8, List.of()),
    GREEK("el", true, 8, List.of()),
    HEBREW("he", true, 8, List.of()),
    THAI("th", true, 8, List.of()),
    NONE("none", false, Integer.MAX_VALUE, List.of());

    private final String code;
    private final boolean script;
    private final int minimumChars;
    private final long[] stopwords;

    Language(String code, boolean script, int minimumChars, List<String> stopwords) {
        this.code = code;
        this.script = script;
        this.minimumChars = minimumChars;
        this.stopwords = stopwords.stream().mapToLong(Language::wordHash).sorted().toArray();
    }

    public String code() {
        return code;
    }

    boolean script() {
        return script;
    }

    int minimumChars() {
        return minimumChars;
    }

    public int bit() {
        return this == NONE ? 0 : 1 << ordinal();
    }

    /** The script a letter belongs to, as the language that script implies ({@link #OTHER_LATIN} for Latin). */
    static Language ofScript(char c) {
        if (c < 0x0250) {
            return Character.isLetter(c) ? OTHER_LATIN : NONE;
        }
        if (c >= 0x0370 && c <= 0x03FF) {
            return GREEK;
        }
        if (c >= 0x0400 && c <= 0x04FF) {
            return RUSSIAN;
        }
        if (c >= 0x0590 && c <= 0x05FF) {
            return HEBREW;
        }
        if (c >= 0x0600 && c <= 0x06FF) {
            return ARABIC;
        }
        if (c >= 0x0900 && c <= 0x097F) {
            return HINDI;
        }
        if (c >= 0x0E00 && c <= 0x0E7F) {
            return THAI;
        }
        if (c >= 0x3040 && c <= 0x30FF) {
            return JAPANESE;
        }
        if ((c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF)) {
            return CHINESE;
        }
        if (c >= 0xAC00 && c <= 0xD7AF) {
            return KOREAN;
        }
        return NONE;
    }

    /** The Latin-script languages whose function words are voted on, in tie-breaking order. */
    private static final Language[] LATIN = {ENGLISH, SPANISH, FRENCH, GERMAN, PORTUGUESE};
    /**
     * Every Latin function word's token hash in one open-addressing table, with the bit set (over {@link #LATIN}) of the
     * languages it belongs to, so a token costs one probe instead of a binary search per language.
     */
    private static final long[] STOPWORD_KEYS;
    private static final int[] STOPWORD_LANGUAGES;
    private static final int STOPWORD_MASK;

    static {
        java.util.Map<Long, Integer> languages = new java.util.HashMap<>();
        for (int l = 0; l < LATIN.length; l++) {
            for (long word : LATIN[l].stopwords) {
                languages.merge(word, 1 << l, (a, b) -> a | b);
            }
        }
        int capacity = Integer.highestOneBit(Math.max(16, languages.size() * 4)) << 1;
        STOPWORD_KEYS = new long[capacity];
        STOPWORD_LANGUAGES = new int[capacity];
        STOPWORD_MASK = capacity - 1;
        languages.forEach((word, bits) -> {
            int slot = (int) word.longValue() & STOPWORD_MASK; // word hashes are mixed already (see wordHash)
            while (STOPWORD_LANGUAGES[slot] != 0) {
                slot = (slot + 1) & STOPWORD_MASK;
            }
            STOPWORD_KEYS[slot] = word;
            STOPWORD_LANGUAGES[slot] = bits;
        });
    }

    /** The bit set over {@link #LATIN} of the languages with {@code token} among their function words (0: none). */
    private static int stopwordLanguages(long token) {
        int slot = (int) token & STOPWORD_MASK;
        while (true) {
            int bits = STOPWORD_LANGUAGES[slot];
            if (bits == 0 || STOPWORD_KEYS[slot] == token) {
                return bits;
            }
            slot = (slot + 1) & STOPWORD_MASK;
        }
    }

    /** The Latin-script language whose function words occur most among the tokens; other Latin when none do. */
    static Language latinByStopwords(long[] tokens, int count, int[] votes) {
        Arrays.fill(votes, 0);
        for (int i = 0; i < count; i++) {
            int bits = stopwordLanguages(tokens[i]);
            while (bits != 0) {
                votes[LATIN[Integer.numberOfTrailingZeros(bits)].ordinal()]++;
                bits &= bits - 1;
            }
        }
        Language best = OTHER_LATIN;
        int bestVotes = 1;
        for (Language language : LATIN) {
            if (votes[language.ordinal()] > bestVotes) {
                best = language;
                bestVotes = votes[language.ordinal()];
            }
        }
        return best;
    }

    /** The token hash the analyzer gives a lower-case word. */
    static long wordHash(String word) {
        long hash = TextHashing.FNV_OFFSET;
        for (int i = 0; i < word.length(); i++) {
            hash = TextHashing.step(hash, CaseFold.lower(word.charAt(i)));
        }
        return TextHashing.mix(hash);
    }
}
