package org.distillguard.features;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.distillguard.config.FeatureConfig;

/**
 * Per-prompt text analysis for the feature stage, built once per Spark task and reused for every row: one pass over
 * the characters tokenizes, masks the template, shingles, signs and matches the lexicons into primitive fields and
 * reused buffers; nothing is allocated per token. Not thread-safe.
 *
 * <p>Tokens are runs of letters and digits, lower-cased; every CJK ideograph, kana or hangul syllable is a token of
 * its own. The <em>template</em> stream masks numbers ({@code <n>}), quoted spans ({@code <q>}) and code spans
 * ({@code <c>}); its first {@code templateHeadTokens} tokens of the first line and last ones of the last line are the
 * head and tail fingerprints, so prompts that differ only in a slot in between (or at one end) share one of them.
 * The <em>content</em> stream keeps every word; its word bigrams are the shingles for MinHash.
 */
public final class PromptAnalyzer {

    /** Bins of the one-permutation MinHash signature. */
    public static final int SIGNATURE_SIZE = 64;
    /** Value of a signature bin no shingle fell into. */
    public static final int EMPTY_BIN = Integer.MAX_VALUE;
    /** Tokens at the start of a response (and of a prompt's longest line) that key response reuse. */
    public static final int REUSE_KEY_TOKENS = 8;

    private static final long NUMBER = 0x4e554d4245524e55L;
    private static final long QUOTE = 0x51554f5445515551L;
    private static final long CODE = 0x434f4445434f4445L;
    private static final long HEAD_SEED = 0x1234567887654321L;
    private static final long TAIL_SEED = 0x7654321012345678L;
    private static final char[] ELLIPSIS = " … ".toCharArray();
    private static final byte[] EMPTY_BYTES = new byte[0];

    private final int analysisChars;
    private final int headTokens;
    private final int skeletonChars;
    private final PhraseMatcher phrases;
    private final long cotBits;
    private final int capabilityShift;
    private final long capabilityBits;
    private final int cueShift;

    // Reused buffers.
    private long[] content = new long[256];
    private int[] contentLine = new int[256];
    private long[] template = new long[256];
    private int[] templateLine = new int[256];
    // Where each template token's text lies in the analysed characters, for the skeleton; a placeholder's start is
    // minus its kind (NUMBER_SLOT, QUOTE_SLOT, CODE_SLOT).
    private int[] templateStart = new int[256];
    private int[] templateEnd = new int[256];
    private long[] wordKeys = new long[1024];
    private int[] wordCounts = new int[1024];
    private int[] usedSlots = new int[1024];
    // The characters analysed, copied out of the prompt once: the scans then index an array instead of calling
    // String.charAt (a coder and a bounds check) per character.
    private char[] chars = new char[256];
    private final char[] skeletonBuffer;
    private byte[] skeletonBytes = new byte[0];
    private final int[] signature = new int[SIGNATURE_SIZE];
    private final int[] scriptCounts = new int[Language.values().length];
    private final int[] latinVotes = new int[Language.values().length];

    // Results of the last analyse call.
    private int codePoints;
    private int contentCount;
    private int templateCount;
    private int shingleCount;
    private double lexicalEntropy;
    private long nearDuplicateKey;
    private long templateHead;
    private long templateTail;
    private int headEnd; // template tokens [0, headEnd) are the head fingerprint's
    private int tailStart; // template tokens [tailStart, templateCount) are the tail fingerprint's
    private int languageMask;
    private int cotMask;
    private int capabilityMask;
    private boolean followUp;
    private boolean structuredPair;
    private long promptReuseKey;
    private long phraseGroups; // the lexicon groups matched, from the phrase automaton run within tokenize

    public PromptAnalyzer(FeatureConfig config, Lexicons lexicons) {
        this.analysisChars = config.analysisChars();
        this.headTokens = config.templateHeadTokens();
        this.skeletonChars = config.evidenceSkeletonChars();
        this.skeletonBuffer = new char[skeletonChars];
        this.phrases = lexicons.phraseMatcher();
        this.cotBits = (1L << lexicons.cotPhrases().size()) - 1;
        this.capabilityShift = lexicons.capabilityShift();
        this.capabilityBits = (1L << lexicons.capabilities().size()) - 1;
        this.cueShift = lexicons.cueShift();
    }

    /** Analyses a prompt (null counts as empty). */
    public void analyze(String prompt) {
        String text = prompt == null ? "" : prompt;
        int end = Math.min(text.length(), analysisChars);
        reserve(end);
        text.getChars(0, end, chars, 0);
        int pairs = tokenize(chars, end);
        codePoints = end - pairs;
        if (end < text.length()) {
            codePoints += text.codePointCount(end, text.length());
            if (Character.isHighSurrogate(chars[end - 1]) && Character.isLowSurrogate(text.charAt(end))) {
                codePoints--; // a pair split by the analysed length is one code point, not two
            }
        }
        sign();
        entropy();
        fingerprints();
        languages();
        long found = phraseGroups;
        cotMask = (int) (found & cotBits);
        capabilityMask = (int) ((found >>> capabilityShift) & capabilityBits);
        long cueMask = found >>> cueShift;
        followUp = (cueMask & 1L) != 0;
        structuredPair = (cueMask & 2L) != 0;
        promptReuseKey = longestLineKey();
    }

    /** Hash of the first {@link #REUSE_KEY_TOKENS} word tokens of a response (0 when it has fewer). */
    public long responseKey(String response) {
        if (response == null) {
            return 0L;
        }
        int end = Math.min(response.length(), analysisChars);
        long key = HEAD_SEED;
        long token = TextHashing.FNV_OFFSET;
        boolean inToken = false;
        int tokens = 0;
        for (int i = 0; i < end && tokens < REUSE_KEY_TOKENS; i++) {
            char c = response.charAt(i);
            if (Character.isLetterOrDigit(c) && !isIdeographic(c)) {
                token = TextHashing.step(token, CaseFold.lower(c));
                inToken = true;
            } else {
                if (inToken) {
                    key = TextHashing.combine(key, TextHashing.mix(token));
                    tokens++;
                    token = TextHashing.FNV_OFFSET;
                    inToken = false;
                }
                if (isIdeographic(c)) {
                    key = TextHashing.combine(key, TextHashing.mix(TextHashing.step(TextHashing.FNV_OFFSET, c)));
                    tokens++;
                }
            }
        }
        if (inToken && tokens < REUSE_KEY_TOKENS) {
            key = TextHashing.combine(key, TextHashing.mix(token));
            tokens++;
        }
        return tokens < REUSE_KEY_TOKENS ? 0L : key;
    }

    /**
     * Sizes the buffers for a prompt of {@code length} analysed characters, so the scan needs no capacity checks: each
     * character adds at most one token and one template slot.
     */
    private void reserve(int length) {
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        if (content.length <= length) {
            int size = Math.max(length + 1, content.length * 2);
            content = Arrays.copyOf(content, size);
            contentLine = Arrays.copyOf(contentLine, size);
        }
        if (template.length <= length) {
            int size = Math.max(length + 1, template.length * 2);
            template = Arrays.copyOf(template, size);
            templateLine = Arrays.copyOf(templateLine, size);
            templateStart = Arrays.copyOf(templateStart, size);
            templateEnd = Arrays.copyOf(templateEnd, size);
        }
    }

    /** What the scan does with an ASCII character. Letters and digits are the contiguous range [LOWER, DIGIT]. */
    private static final byte ASCII_OTHER = 0;
    private static final byte ASCII_LOWER = 1;
    private static final byte ASCII_UPPER = 2;
    private static final byte ASCII_DIGIT = 3;
    private static final byte ASCII_NEWLINE = 4;
    private static final byte ASCII_BACKTICK = 5;
    private static final byte ASCII_QUOTE = 6;
    private static final byte[] ASCII_CLASS = new byte[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII_CLASS[c] = ASCII_LOWER;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ASCII_CLASS[c] = ASCII_UPPER;
        }
        for (char c = '0'; c <= '9'; c++) {
            ASCII_CLASS[c] = ASCII_DIGIT;
        }
        ASCII_CLASS['\n'] = ASCII_NEWLINE;
        ASCII_CLASS['`'] = ASCII_BACKTICK;
        ASCII_CLASS['"'] = ASCII_QUOTE; // the one ASCII character closingQuote opens a span with
    }

    /**
     * Scans the analysed characters; returns the surrogate pairs among them (for the code point count). The lexicon
     * automaton reads every character in this same loop: its chain of table lookups then overlaps the token hashing
     * instead of taking a second pass of its own. ASCII (most characters of most prompts) is classified by one table
     * lookup and lower-cased by CaseFold's, with the same answers as the JDK's Character methods give on the general
     * path for the other characters.
     */
    private int tokenize(char[] text, int end) {
        int pairs = 0;
        contentCount = 0;
        templateCount = 0;
        Arrays.fill(scriptCounts, 0);
        int asciiLetters = 0; // counted apart from the other scripts: every one of them is OTHER_LATIN
        int line = 0;
        char closing = 0; // non-zero inside a quoted span: the character that closes it
        boolean code = false; // inside a ``` block or an inline `code` span
        long token = TextHashing.FNV_OFFSET;
        boolean inToken = false;
        boolean digit = false;
        int tokenStart = 0;
        PhraseMatcher automaton = phrases;
        int matching = automaton.firstMatching(); // states from here up end a phrase
        int state = 0;
        long found = 0L;
        int i = 0;
        while (i < end) {
            char c = text[i];
            if (c < 128) {
                byte kind = ASCII_CLASS[c];
                if (kind >= ASCII_LOWER && kind <= ASCII_DIGIT) {
                    // A run of ASCII letters and digits, in a loop of its own (a quarter faster on simulated prompts
                    // than one loop classifying every character): the run's end is then its only branch that goes
                    // both ways. A non-ASCII letter after the run continues the same word on the general path.
                    if (!inToken) {
                        inToken = true;
                        token = TextHashing.FNV_OFFSET;
                        digit = false;
                        tokenStart = i;
                    }
                    while (true) {
                        state = automaton.stepAscii(state, c);
                        if (state >= matching) {
                            found |= automaton.output(state);
                        }
                        char lower = CaseFold.lower(c);
                        token = TextHashing.step(token, lower);
                        if (kind == ASCII_DIGIT) {
                            digit = true;
                        } else {
                            asciiLetters++;
                        }
                        if (++i == end) {
                            break;
                        }
                        c = text[i];
                        if (c >= 128) {
                            break;
                        }
                        kind = ASCII_CLASS[c];
                        if (kind < ASCII_LOWER || kind > ASCII_DIGIT) {
                            break;
                        }
                    }
                    continue;
                }
                state = automaton.stepAscii(state, c);
                if (state >= matching) {
                    found |= automaton.output(state);
                }
                if (inToken) {
                    finishToken(TextHashing.mix(token), digit, line, closing != 0 || code, tokenStart, i);
                    inToken = false;
                }
                i++;
                if (kind == ASCII_OTHER) {
                    continue; // neither builds a word nor opens or closes a span
                }
                if (c == '\n') {
                    line++;
                    closing = 0; // a quote never spans lines
                    continue;
                }
                if (c == '`') {
                    if (i + 1 < end && text[i] == '`' && text[i + 1] == '`') {
                        i += 2;
                        for (int k = 0; k < 2; k++) { // the automaton still reads the two characters skipped
                            state = automaton.stepAscii(state, '`');
                            if (state >= matching) {
                                found |= automaton.output(state);
                            }
                        }
                    }
                    if (!code && closing == 0) {
                        addTemplate(CODE, line, CODE_SLOT);
                    }
                    code = !code;
                    continue;
                }
                // '"', the one ASCII character that opens or closes a quoted span.
                if (!code) {
                    if (closing == c) {
                        closing = 0;
                    } else if (closing == 0) {
                        closing = '"';
                        addTemplate(QUOTE, line, QUOTE_SLOT);
                    }
                }
                continue;
            }
            // Any other character.
            state = automaton.step(state, c);
            if (state >= matching) {
                found |= automaton.output(state);
            }
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                pairs++;
            }
            boolean ideographic = isIdeographic(c);
            if (!ideographic && Character.isLetterOrDigit(c)) {
                char lower = CaseFold.lower(c);
                countScript(c);
                if (!inToken) {
                    inToken = true;
                    token = TextHashing.FNV_OFFSET;
                    digit = false;
                    tokenStart = i;
                }
                digit |= Character.isDigit(c);
                token = TextHashing.step(token, lower);
                i++;
                continue;
            }
            if (inToken) {
                finishToken(TextHashing.mix(token), digit, line, closing != 0 || code, tokenStart, i);
                inToken = false;
            }
            i++;
            if (ideographic) {
                countScript(c);
                long single = TextHashing.mix(TextHashing.step(TextHashing.FNV_OFFSET, c));
                finishToken(single, false, line, closing != 0 || code, i - 1, i);
                continue;
            }
            if (!code) {
                if (closing != 0 && c == closing) {
                    closing = 0;
                    continue;
                }
                if (closing == 0) {
                    char close = closingQuote(c);
                    if (close != 0) {
                        closing = close;
                        addTemplate(QUOTE, line, QUOTE_SLOT);
                    }
                }
            }
        }
        if (inToken) {
            finishToken(TextHashing.mix(token), digit, line, closing != 0 || code, tokenStart, i);
        }
        scriptCounts[Language.OTHER_LATIN.ordinal()] += asciiLetters;
        phraseGroups = found;
        return pairs;
    }

    /** Placeholder kinds of template slots, stored as minus the slot's start. */
    private static final int NUMBER_SLOT = 1;
    private static final int QUOTE_SLOT = 2;
    private static final int CODE_SLOT = 3;
    private static final char[][] PLACEHOLDERS = {null, "<n>".toCharArray(), "<q>".toCharArray(), "<c>".toCharArray()};

    /** Ends the word in analysed characters [start, end). */
    private void finishToken(long hash, boolean digit, int line, boolean hidden, int start, int end) {
        content[contentCount] = hash; // sized by reserve()
        contentLine[contentCount] = line;
        contentCount++;
        if (hidden) {
            return;
        }
        if (digit) {
            addTemplate(NUMBER, line, NUMBER_SLOT);
        } else {
            template[templateCount] = hash;
            templateLine[templateCount] = line;
            templateStart[templateCount] = start;
            templateEnd[templateCount] = end;
            templateCount++;
        }
    }

    private void addTemplate(long hash, int line, int slot) {
        template[templateCount] = hash;
        templateLine[templateCount] = line;
        templateStart[templateCount] = -slot;
        templateEnd[templateCount] = 0;
        templateCount++;
    }

    /** One-permutation MinHash over word bigrams (a lone word is its own shingle) and a two-value near-dup key. */
    private void sign() {
        Arrays.fill(signature, EMPTY_BIN);
        shingleCount = 0;
        long minA = Long.MAX_VALUE;
        long minB = Long.MAX_VALUE;
        for (int i = 0; i < contentCount; i++) {
            if (i == 0 && contentCount > 1) {
                continue;
            }
            long shingle = i == 0 ? TextHashing.mix(content[0]) : TextHashing.combine(content[i - 1], content[i]);
            shingleCount++;
            int bin = (int) (shingle >>> 58);
            int value = (int) ((shingle >>> 27) & 0x7FFFFFFFL);
            if (value < signature[bin]) {
                signature[bin] = value;
            }
            long a = TextHashing.mix(shingle ^ 0x9E3779B97F4A7C15L) >>> 1;
            long b = TextHashing.mix(shingle + 0xC2B2AE3D27D4EB4FL) >>> 1;
            minA = Math.min(minA, a);
            minB = Math.min(minB, b);
        }
        nearDuplicateKey = shingleCount == 0 ? 0L : TextHashing.combine(minA, minB);
    }

    /**
     * Shannon entropy (bits) of the word distribution within the prompt, as {@code log2(n) - sum(c log2 c) / n} over
     * the word counts c of n words. Words are counted in an open-addressing table of their hashes (cleared through
     * the list of slots used), one probe per word; the hashes are already mixed, so their low bits pick the slot.
     * {@code c ln c} comes from a table for the counts a prompt of the analysed length can reach, so the sum costs no
     * logarithm per distinct word.
     */
    private void entropy() {
        if (contentCount == 0) {
            lexicalEntropy = 0.0;
            return;
        }
        int capacity = Integer.highestOneBit(Math.max(16, contentCount) * 2) << 1;
        if (wordCounts.length < capacity) {
            wordKeys = new long[capacity];
            wordCounts = new int[capacity];
            usedSlots = new int[capacity];
        }
        int mask = capacity - 1;
        int used = 0;
        for (int i = 0; i < contentCount; i++) {
            long hash = content[i];
            int slot = (int) hash & mask;
            while (wordCounts[slot] != 0 && wordKeys[slot] != hash) {
                slot = (slot + 1) & mask;
            }
            // Without a branch on whether the word is new (about as often yes as no): its key and slot are written
            // either way, the slot kept only for a new word.
            int count = wordCounts[slot];
            wordKeys[slot] = hash;
            usedSlots[used] = slot;
            used += count == 0 ? 1 : 0;
            wordCounts[slot] = count + 1;
        }
        double repeated = 0.0; // sum of c ln c over the words (1 ln 1 = 0 for a word seen once)
        for (int j = 0; j < used; j++) {
            int slot = usedSlots[j];
            int count = wordCounts[slot];
            repeated += count < C_LN_C.length ? C_LN_C[count] : count * Math.log(count);
            wordCounts[slot] = 0;
        }
        // One distinct word is exactly 0; otherwise clamp the rounding of a near-zero difference.
        lexicalEntropy = used == 1 ? 0.0 : Math.max(0.0, (Math.log(contentCount) - repeated / contentCount) / Math.log(2));
    }

    /** {@code c ln c} for the counts up to 4,096 (the default analysed length bounds the words per prompt by it). */
    private static final double[] C_LN_C = new double[4097];

    static {
        for (int c = 1; c < C_LN_C.length; c++) {
            C_LN_C[c] = c * Math.log(c);
        }
    }

    private void fingerprints() {
        headEnd = 0;
        tailStart = 0;
        if (templateCount == 0) {
            templateHead = 0L;
            templateTail = 0L;
            return;
        }
        int firstLine = templateLine[0];
        long head = HEAD_SEED;
        while (headEnd < templateCount && headEnd < headTokens && templateLine[headEnd] == firstLine) {
            head = TextHashing.combine(head, template[headEnd]);
            headEnd++;
        }
        int lastLine = templateLine[templateCount - 1];
        tailStart = templateCount;
        while (tailStart > 0 && templateCount - tailStart < headTokens && templateLine[tailStart - 1] == lastLine) {
            tailStart--;
        }
        long tail = TAIL_SEED;
        for (int i = tailStart; i < templateCount; i++) {
            tail = TextHashing.combine(tail, template[i]);
        }
        templateHead = head;
        templateTail = tail;
    }

    /**
     * The redacted template skeleton of the last prompt: the masked head, an ellipsis, the masked tail (the tokens of
     * the head and tail fingerprints, lower-cased, numbers, quotes and code as placeholders, one space between), cut
     * to the configured length. Built on demand from the tokens' places in the analysed characters (it allocates a
     * String), so the scan copies no character for it.
     */
    public String skeleton() {
        if (templateCount == 0) {
            return "";
        }
        return new String(skeletonBuffer, 0, skeletonLength());
    }

    /**
     * Writes the skeleton's characters into the reused buffer; their count. Written there and cut: a StringBuilder
     * appends a char[] one character at a time and widens itself at the ellipsis, which cost 8% of the text analysis.
     */
    private int skeletonLength() {
        if (tailStart <= headEnd) {
            return copyTokens(0, templateCount, 0);
        }
        int length = copyTokens(0, headEnd, 0);
        length = copySkeleton(ELLIPSIS, 0, ELLIPSIS.length, length);
        return copyTokens(tailStart, templateCount, length);
    }

    /**
     * The {@link #skeleton()} as UTF-8 bytes, written straight from the reused characters: building the String and
     * then encoding it, the ellipsis making it a two-byte-per-character string, cost 3.5% of the feature pass. The
     * skeleton holds characters of the Basic Multilingual Plane only (a surrogate separates words, so no token holds
     * one), each one to three bytes; should one ever appear, the JDK encodes the string instead.
     */
    public byte[] skeletonUtf8() {
        if (templateCount == 0) {
            return EMPTY_BYTES;
        }
        int length = skeletonLength();
        if (skeletonBytes.length < length * 3) {
            skeletonBytes = new byte[length * 3];
        }
        byte[] out = skeletonBytes;
        char[] in = skeletonBuffer;
        int n = 0;
        for (int i = 0; i < length; i++) {
            char c = in[i];
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                return new String(in, 0, length).getBytes(StandardCharsets.UTF_8);
            } else {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | (c >> 6 & 0x3F));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Appends template tokens [from, to), one space between, to the skeleton at {@code at}; the new length. */
    private int copyTokens(int from, int to, int at) {
        int length = at;
        for (int t = from; t < to && length < skeletonChars; t++) {
            if (t > from) {
                skeletonBuffer[length++] = ' ';
            }
            int start = templateStart[t];
            if (start < 0) {
                char[] placeholder = PLACEHOLDERS[-start];
                length = copySkeleton(placeholder, 0, placeholder.length, length);
            } else {
                int end = Math.min(templateEnd[t], start + skeletonChars - length);
                for (int i = start; i < end; i++) {
                    skeletonBuffer[length++] = CaseFold.lower(chars[i]);
                }
            }
        }
        return length;
    }

    /** Appends {@code from[start, end)} to the skeleton at {@code at}, up to its configured length; the new length. */
    private int copySkeleton(char[] from, int start, int end, int at) {
        int count = Math.min(end - start, skeletonChars - at);
        if (count <= 0) {
            return at;
        }
        System.arraycopy(from, start, skeletonBuffer, at, count);
        return at + count;
    }

    private long longestLineKey() {
        int bestStart = -1;
        int bestLength = 0;
        int start = 0;
        for (int i = 1; i <= contentCount; i++) {
            if (i == contentCount || contentLine[i] != contentLine[start]) {
                if (i - start > bestLength) {
                    bestLength = i - start;
                    bestStart = start;
                }
                start = i;
            }
        }
        if (bestLength < REUSE_KEY_TOKENS) {
            return 0L;
        }
        long key = HEAD_SEED;
        for (int i = bestStart; i < bestStart + REUSE_KEY_TOKENS; i++) {
            key = TextHashing.combine(key, content[i]);
        }
        return key;
    }

    private void countScript(char c) {
        scriptCounts[Language.ofScript(c).ordinal()]++;
    }

    private void languages() {
        int mask = 0;
        for (Language language : Language.values()) {
            if (language.script() && language != Language.OTHER_LATIN && scriptCounts[language.ordinal()] >= language.minimumChars()) {
                mask |= language.bit();
            }
        }
        // Kana beside ideographs means Japanese, not Chinese.
        if ((mask & Language.JAPANESE.bit()) != 0) {
            mask &= ~Language.CHINESE.bit();
        }
        if (scriptCounts[Language.OTHER_LATIN.ordinal()] >= Language.OTHER_LATIN.minimumChars()) {
            mask |= Language.latinByStopwords(content, contentCount, latinVotes).bit();
        }
        languageMask = mask;
    }

    static boolean isIdeographic(char c) {
        return (c >= 0x3040 && c <= 0x30FF) // hiragana, katakana
                || (c >= 0x3400 && c <= 0x9FFF) // CJK ideographs
                || (c >= 0xAC00 && c <= 0xD7AF) // hangul syllables
                || (c >= 0xF900 && c <= 0xFAFF);
    }

    private static char closingQuote(char c) {
        return switch (c) {
            case '"' -> '"';
            case '\u201C' -> '\u201D';
            case '\u00AB' -> '\u00BB';
            case '\u300C' -> '\u300D';
            default -> 0;
        };
    }

    /** The last prompt's length in code points, the whole prompt's (as Spark's {@code length} counts it). */
    public int codePoints() {
        return codePoints;
    }

    public int wordCount() {
        return contentCount;
    }

    public int shingleCount() {
        return shingleCount;
    }

    public double lexicalEntropy() {
        return lexicalEntropy;
    }

    public long nearDuplicateKey() {
        return nearDuplicateKey;
    }

    public long templateHead() {
        return templateHead;
    }

    public long templateTail() {
        return templateTail;
    }

    /** The signature buffer of the last prompt; copied by the caller if kept. */
    public int[] signature() {
        return signature;
    }

    public int languageMask() {
        return languageMask;
    }

    public int cotMask() {
        return cotMask;
    }

    public int capabilityMask() {
        return capabilityMask;
    }

    public boolean followUp() {
        return followUp;
    }

    public boolean structuredPair() {
        return structuredPair;
    }

    public long promptReuseKey() {
        return promptReuseKey;
    }
}
