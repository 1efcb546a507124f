package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and redacts secrets and PII with a {@link SecretRuleSet}. Thread-safe and {@link Serializable}: only the
 * rules are shipped; compiled patterns and tables are rebuilt lazily on first use (transient), and the matchers and
 * buffers live in a {@link ThreadLocal}, so one instance may serve many threads (e.g. Spark tasks of one executor).
 *
 * <p>Per text: one pass over its Latin-1 bytes with one table lookup per char finds the rare pairs of chars that
 * start work; each rule's regex then runs only in small windows derived from the regex itself (see {@link Engine}),
 * with the same findings as a whole-text scan. A text without findings is returned as is, and costs no allocation.
 *
 * <p>Overlapping matches are merged into one redacted span covering all of them (so no part of any secret survives),
 * named after the longest match; on equal length the rule listed first wins.
 */
public final class Redactor implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String MARKER_PREFIX = "[REDACTED:";

    private final SecretRuleSet rules;
    private transient volatile Engine engine;

    public Redactor(SecretRuleSet rules) {
        this.rules = requireNonNull(rules, "rules is null");
    }

    /** A redactor with the shipped rules. */
    public static Redactor withDefaultRules() {
        return new Redactor(SecretRuleSet.defaults());
    }

    public SecretRuleSet rules() {
        return rules;
    }

    /** {@code text} with every secret and PII span replaced by {@code [REDACTED:<id>]}; null stays null. */
    public String redact(String text) {
        return redact(text, null);
    }

    /**
     * {@code text} with every secret and PII span replaced by {@code [REDACTED:<id>]} (or {@code [REDACTED:<id>:1234]}
     * for rules that keep the last four characters); adds one count per replaced span to {@code counts} if it is not
     * null. Null stays null.
     */
    public String redact(String text, RedactionCounts counts) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Engine engine = engine();
        int[] spans = engine.scan(text);
        if (spans == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16 * (spans.length / 4));
        int copied = 0;
        for (int i = 0; i < spans.length; i += 4) {
            int rule = spans[i];
            int start = spans[i + 1];
            int end = spans[i + 2];
            boolean exact = spans[i + 3] == 1;
            out.append(text, copied, start);
            SecretRule secretRule = engine.rules[rule];
            if (secretRule.keepLastFour() && exact) {
                appendWithLastFour(out, engine.markers[rule], text, start, end);
            }
            else {
                out.append(engine.markers[rule]);
            }
            copied = end;
            if (counts != null) {
                counts.increment(secretRule.id());
            }
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** The findings in {@code text}, in text order and not overlapping; an empty list for null or empty text. */
    public List<Finding> find(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        Engine engine = engine();
        int[] spans = engine.scan(text);
        if (spans == null) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>(spans.length / 4);
        for (int i = 0; i < spans.length; i += 4) {
            SecretRule rule = engine.rules[spans[i]];
            findings.add(new Finding(rule.id(), rule.category(), spans[i + 1], spans[i + 2]));
        }
        return List.copyOf(findings);
    }

    /** The secret text of {@code finding} in {@code text}, for fingerprinting; never log it. */
    public String secret(String text, Finding finding) {
        requireNonNull(text, "text is null");
        requireNonNull(finding, "finding is null");
        if (finding.end() > text.length()) {
            throw new IllegalArgumentException("Invalid finding: it ends at " + finding.end()
                    + " (expected at most the text length " + text.length() + "; was it found in another text?)");
        }
        return text.substring(finding.start(), finding.end());
    }

    private static void appendWithLastFour(StringBuilder out, String marker, String text, int start, int end) {
        char[] lastFour = new char[4];
        int found = 0;
        for (int i = end - 1; i >= start && found < 4; i--) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                lastFour[3 - found++] = c;
            }
        }
        out.append(marker, 0, marker.length() - 1).append(':').append(lastFour, 4 - found, found).append(']');
    }

    @Override
    public String toString() {
        return "Redactor[" + rules.rules().size() + " rules]";
    }

    private Engine engine() {
        Engine current = engine;
        if (current == null) {
            synchronized (this) {
                current = engine;
                if (current == null) {
                    current = new Engine(rules);
                    engine = current;
                }
            }
        }
        return current;
    }

    /**
     * Compiled form of the rules; never serialized. Each rule gets one of three plans, derived from its regex by
     * {@link RegexShape} so rules from any file stay exact:
     *
     * <ul>
     *   <li>anchored: every match contains one of a few literals; one pass over the text finds their occurrences (a
     *       case-folded bigram filter, then a compare) and the regex is tried only at the few positions where a match
     *       holding that occurrence could start, with {@link Matcher#lookingAt()} in a region as long as the longest
     *       match;
     *   <li>digit run: matches consume no letters and hold at least 4 digits (counting the validator's minimum), so
     *       the regex runs only over maximal runs of its chars that hold enough digits;
     *   <li>full: anything the analysis cannot model runs over the whole text, as before.
     * </ul>
     *
     * Regions use transparent, non-anchoring bounds, and positions are tried in text order resuming after each match
     * exactly as {@link Matcher#find()} does, so the matches are those of a whole-text scan. A rule with keywords
     * still runs only if one of them occurs in the text.
     */
    private static final class Engine {
        private static final int FULL = 0;
        private static final int DIGIT_RUN = 1;
        private static final int ANCHORED = 2;
        private static final int MAX_BEFORE = 256;
        private static final int DIGIT_TRIGGER = -1;
        /** Printable ASCII but upper case, from most to least frequent (folded) in the dev prompts and code answers. */
        /** The 400 most common case-folded pairs of printable ASCII in the dev prompts and code, most common first. */
        private static final String COMMON_PAIRS =
                "  e in are tont ers that stiesenstten ntoran c,  id lehengcodeal fndrir ioarseit p r--ra ometolictro" +
                "- ouisedta dvey uret w e: nseatrecg a  micacasprsinemafi bl ce nilgenchachlao elfout llonacapef us= " +
                "diomunplamllrsex =mpemh umtutsss**hosu. ulidimofolpoaibe upawi h (igif {odowhi) daadcrblsom tyrt==ag" +
                "iernot gclvievlynonis. vapptvairlumiueivpurrshosciopmocusc##nudoe.s,iaquspkeckc abry -woefep# rd *ee" +
                ");ocbagh 1yo }k ldgii fafeipls [gr < yrm 'rultovfuxtayavtthte,frmbppw p oowhbo] egwedsogsa `uiudubrc" +
                "uct.uapiskbuwae_()iz* u  j || ews:t_due:ysup 2xpibt(bi 0npmmtl ]n(oieqzes)< guaurgrkphe(t,ki $aknfcc" +
                "eyrlsytpgn(nmubr k(sfl[ gawrobffypr.gs(itd+ d:t) +go<<csje;  qdd00_s 3oavotceix ``ftps*:pyxan,dle)n." +
                "rvja):ks` msnv_c::> yeyt10nnbyugd_drg.},gl${y,fy0;t:y.s(',' .t 5))okd,d.nl/ e- /twnyhr's_p.crfsl')++";
        private static final String BY_FREQUENCY =
                " etianrsolc\nduphmgf-y,\"b.wv:)(k=*_x;'#1{}0`/[]2<jq35z+|>$46?897\\!&\t%@^~";
        private static final byte[] FOLD = new byte[128];

        static {
            for (int c = 0; c < 128; c++) {
                FOLD[c] = (byte) RegexShape.fold((char) c);
            }
        }

        final SecretRule[] rules;
        final Pattern[] patterns;
        final String[] markers;
        final int[] plan;
        final int[] maxLength;
        final boolean[] gateImplied;
        final char[][][] keywords;

        // Anchors of anchored rules, by entry index.
        final int[] anchorRule;
        final char[][] anchorLiteral;
        final String[] anchorExact;
        final int[] anchorOffset;
        final int[] anchorMaxBefore;
        final RegexShape.CharSet[] anchorBefore;
        /**
         * Pairs of Latin-1 bytes (previous << 8 | current) that may end at a trigger: each anchor literal's rarest
         * pair in the cases its regex allows, and any byte before a digit when there are digit-run rules.
         */
        final byte[] pairs = new byte[256 * 256];
        /** What a trigger pair means, by case-folded ASCII pair (previous << 7 | current). */
        final int[][] bigramEntries = new int[128 * 128][];
        final boolean anyTrigger;

        // Digit-run rules.
        final int[] digitRules;
        final RegexShape.CharSet[] alphabets;
        final int[] minDigits;
        final RegexShape.CharSet digitUnion = new RegexShape.CharSet();
        final int digitMin;

        // Full-scan rules.
        final int[] fullRules;
        final KeywordAutomaton fullKeywords;

        final ThreadLocal<Scratch> scratch;

        Engine(SecretRuleSet ruleSet) {
            this.rules = ruleSet.rules().toArray(new SecretRule[0]);
            int count = rules.length;
            this.patterns = new Pattern[count];
            this.markers = new String[count];
            this.plan = new int[count];
            this.maxLength = new int[count];
            this.gateImplied = new boolean[count];
            this.keywords = new char[count][][];
            this.alphabets = new RegexShape.CharSet[count];
            this.minDigits = new int[count];
            List<int[]> digit = new ArrayList<>();
            List<Integer> full = new ArrayList<>();
            List<Object[]> anchors = new ArrayList<>();
            int smallestDigits = Integer.MAX_VALUE;
            for (int i = 0; i < count; i++) {
                SecretRule rule = rules[i];
                patterns[i] = rule.compile();
                markers[i] = MARKER_PREFIX + rule.id() + "]";
                keywords[i] = new char[rule.keywords().size()][];
                for (int k = 0; k < keywords[i].length; k++) {
                    keywords[i][k] = rule.keywords().get(k).toCharArray();
                }
                RegexShape shape = RegexShape.analyze(rule.regex());
                plan[i] = FULL;
                if (shape == null) {
                    full.add(i);
                    continue;
                }
                maxLength[i] = shape.maxLength;
                int digits = Math.max(shape.minDigits, rule.secretGroup() == 0 ? rule.validator().minDigits() : 0);
                if (!shape.alphabet.other && !shape.alphabet.hasAsciiLetter() && digits >= 4) {
                    plan[i] = DIGIT_RUN;
                    alphabets[i] = shape.alphabet;
                    minDigits[i] = digits;
                    gateImplied[i] = rule.keywords().isEmpty();
                    digitUnion.addAll(shape.alphabet);
                    smallestDigits = Math.min(smallestDigits, digits);
                    digit.add(new int[] {i});
                }
                else if (usable(shape.factor)) {
                    plan[i] = ANCHORED;
                    boolean implied = true;
                    for (int k = 0; k < shape.factor.literals().size(); k++) {
                        String literal = shape.factor.literals().get(k);
                        anchors.add(new Object[] {i, literal, shape.factor.exact().get(k), shape.factor.maxBefore(),
                                shape.factor.before()});
                        implied &= rule.keywords().isEmpty() || rule.keywords().stream().anyMatch(literal::contains);
                    }
                    gateImplied[i] = implied;
                }
                else {
                    full.add(i);
                }
            }
            this.digitRules = digit.stream().mapToInt(a -> a[0]).toArray();
            this.digitMin = smallestDigits;
            this.fullRules = full.stream().mapToInt(Integer::intValue).toArray();

            int entries = anchors.size();
            this.anchorRule = new int[entries];
            this.anchorLiteral = new char[entries][];
            this.anchorExact = new String[entries];
            this.anchorOffset = new int[entries];
            this.anchorMaxBefore = new int[entries];
            this.anchorBefore = new RegexShape.CharSet[entries];
            for (int e = 0; e < entries; e++) {
                Object[] anchor = anchors.get(e);
                anchorRule[e] = (Integer) anchor[0];
                char[] literal = ((String) anchor[1]).toCharArray();
                anchorLiteral[e] = literal;
                anchorExact[e] = (String) anchor[2];
                anchorMaxBefore[e] = (Integer) anchor[3];
                anchorBefore[e] = (RegexShape.CharSet) anchor[4];
                // Trigger on the literal's rarest pair of chars (any char before a one-char literal).
                String exact = anchorExact[e];
                if (literal.length == 1) {
                    anchorOffset[e] = 0;
                    for (int previous = 0; previous < 256; previous++) {
                        registerPair(previous, exact != null ? exact.charAt(0) : literal[0], exact == null, e);
                    }
                }
                else {
                    int best = 1;
                    for (int k = 2; k < literal.length; k++) {
                        if (pairRarity(literal, exact, k) > pairRarity(literal, exact, best)) {
                            best = k;
                        }
                    }
                    anchorOffset[e] = best;
                    if (exact != null) {
                        registerPair(exact.charAt(best - 1), exact.charAt(best), false, e);
                    }
                    else {
                        for (char first : caseVariants(literal[best - 1])) {
                            registerPair(first, literal[best], true, e);
                        }
                    }
                }
            }
            if (digitRules.length > 0) {
                for (char d = '0'; d <= '9'; d++) {
                    for (int previous = 0; previous < 256; previous++) {
                        registerPair(previous, d, false, DIGIT_TRIGGER);
                    }
                }
            }
            this.anyTrigger = entries > 0 || digitRules.length > 0;

            List<List<String>> fullKeywordLists = new ArrayList<>();
            boolean anyFullKeyword = false;
            for (int i = 0; i < count; i++) {
                boolean isFull = plan[i] == FULL;
                fullKeywordLists.add(isFull ? rules[i].keywords() : List.of());
                anyFullKeyword |= isFull && !rules[i].keywords().isEmpty();
            }
            this.fullKeywords = anyFullKeyword ? KeywordAutomaton.build(fullKeywordLists) : null;
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(patterns));
        }

        /** Whether windows around {@code factor} are worth it: short lead-in, literals rarer than a letter or a space. */
        private static boolean usable(RegexShape.Factor factor) {
            if (factor == null || factor.maxBefore() > MAX_BEFORE) {
                return false;
            }
            for (String literal : factor.literals()) {
                if (literal.isEmpty() || literal.chars().anyMatch(c -> c == 0 || c >= 128)) {
                    return false;
                }
                if (literal.length() == 1 && (Character.isLetterOrDigit(literal.charAt(0)) || literal.charAt(0) <= ' ')) {
                    return false;
                }
            }
            return true;
        }

            /** Marks the byte pair (and its case variants of {@code current} if asked) and files the entry under it. */
        private void registerPair(int previous, char current, boolean anyCase, int entry) {
            for (char c : anyCase ? caseVariants(current) : new char[] {current}) {
                pairs[previous << 8 | c] = 1;
            }
            int folded = (previous < 128 ? FOLD[previous] : 0) << 7 | FOLD[current];
            int[] list = bigramEntries[folded];
            if (list == null) {
                bigramEntries[folded] = new int[] {entry};
            }
            else if (list[list.length - 1] != entry) {
                list = Arrays.copyOf(list, list.length + 1);
                list[list.length - 1] = entry;
                bigramEntries[folded] = list;
            }
        }

        private static char[] caseVariants(char c) {
            char lower = RegexShape.fold(c);
            return lower >= 'a' && lower <= 'z' ? new char[] {lower, (char) (lower - ('a' - 'A'))} : new char[] {c};
        }

        /** Rarity of the pair ending at {@code k}, in the exact case when the regex requires one. */
        private int pairRarity(char[] literal, String exact, int k) {
            int listed = -1;
            for (int i = 0; i < COMMON_PAIRS.length() && listed < 0; i += 2) {
                if (COMMON_PAIRS.charAt(i) == literal[k - 1] && COMMON_PAIRS.charAt(i + 1) == literal[k]) {
                    listed = i / 2;
                }
            }
            // Listed pairs from most to least common, then unlisted ones by their chars, upper case rarer still.
            int rarity = listed >= 0 ? listed : COMMON_PAIRS.length() + rank(literal[k - 1]) + rank(literal[k]);
            if (exact != null && (Character.isUpperCase(exact.charAt(k - 1)) || Character.isUpperCase(exact.charAt(k)))) {
                rarity += 2 * COMMON_PAIRS.length();
            }
            int folded = FOLD[literal[k - 1]] << 7 | FOLD[literal[k]];
            if (bigramEntries[folded] != null) {
                rarity += COMMON_PAIRS.length(); // already a trigger: sharing it costs nothing more
            }
            return rarity;
        }

        /** How rare a char is in prompts and code: higher is rarer; upper case and chars not listed count as rarest. */
        static int rank(char c) {
            int index = BY_FREQUENCY.indexOf(c);
            return index < 0 ? BY_FREQUENCY.length() : index;
        }

        /**
         * The resolved spans as {rule, start, end, exact} quadruples in text order, or null if there are none.
         * {@code exact} is 1 when the span is exactly the winning rule's match (not widened by an overlap).
         */
        int[] scan(String text) {
            Scratch local = scratch.get();
            int n = text.length();
            byte[] bytes = local.bytes(n);
            latin1(text, n, bytes);
            local.matchCount = 0;
            local.epoch++;
            try {
                if (anyTrigger) {
                    local.digitsFrom = 0;
                    findTriggers(text, bytes, n, local);
                    for (int t = 0; t < local.touchedCount; t++) {
                        runAnchored(local.touched[t], text, n, local);
                    }
                }
                if (fullRules.length > 0) {
                    long[] candidates = local.candidates;
                    if (fullKeywords != null) {
                        Arrays.fill(candidates, 0L);
                        fullKeywords.scan(text, candidates);
                    }
                    for (int rule : fullRules) {
                        if (rules[rule].keywords().isEmpty() || (candidates[rule >>> 6] & (1L << rule)) != 0) {
                            Matcher matcher = local.matcher(rule, text);
                            while (matcher.find()) {
                                record(rule, matcher, text, local);
                            }
                        }
                    }
                }
            }
            finally {
                for (int t = 0; t < local.touchedCount; t++) {
                    local.intervalCount[local.touched[t]] = 0;
                }
                local.touchedCount = 0;
                // Matchers must not keep the text alive between calls.
                for (int rule = 0; rule < rules.length; rule++) {
                    if (local.used[rule]) {
                        local.matchers[rule].reset("");
                        local.used[rule] = false;
                    }
                }
            }
            if (local.matchCount == 0) {
                return null;
            }
            return resolve(local.matches, local.matchCount);
        }

        /**
         * One pass: at each trigger char whose pair with the char before is registered, every anchor literal found
         * there adds the interval where a match holding it could start, and a digit runs the digit-run rules over
         * the run around it.
         */
        private void findTriggers(String text, byte[] bytes, int n, Scratch local) {
            byte[] table = pairs;
            int previous = 0;
            for (int i = 0; i < n; i++) {
                int current = bytes[i] & 0xFF;
                if (table[previous << 8 | current] != 0) {
                    char before = i == 0 ? 0 : text.charAt(i - 1);
                    char at = text.charAt(i);
                    int[] entries = at < 128 ? bigramEntries[(before < 128 ? FOLD[before] : 0) << 7 | FOLD[at]] : null;
                    if (entries != null) {
                        triggered(entries, i, text, n, local);
                    }
                }
                previous = current;
            }
        }

        /**
         * The text as Latin-1 bytes: exact for most prompts; a char above U+00FF keeps only its low byte, which can
         * only add triggers, since every trigger is checked against the real chars.
         */
        @SuppressWarnings("deprecation")
        private static void latin1(String text, int n, byte[] bytes) {
            text.getBytes(0, n, bytes, 0);
        }

        private void triggered(int[] entries, int position, String text, int n, Scratch local) {
            for (int entry : entries) {
                if (entry == DIGIT_TRIGGER) {
                    if (position >= local.digitsFrom) {
                        local.digitsFrom = digitRun(position, text, n, local);
                    }
                    continue;
                }
                char[] literal = anchorLiteral[entry];
                int start = position - anchorOffset[entry];
                if (start < 0 || start + literal.length > n || !foldedAt(text, start, literal)) {
                    continue;
                }
                String exact = anchorExact[entry];
                if (exact != null && !text.startsWith(exact, start)) {
                    continue;
                }
                int maxBefore = anchorMaxBefore[entry];
                int limit = maxBefore >= start ? 0 : start - maxBefore;
                RegexShape.CharSet before = anchorBefore[entry];
                int from = start;
                while (from > limit && before.contains(text.charAt(from - 1))) {
                    from--;
                }
                local.addInterval(anchorRule[entry], from, start);
            }
        }

        private static boolean foldedAt(String text, int start, char[] literal) {
            for (int k = 0; k < literal.length; k++) {
                char c = text.charAt(start + k);
                if (c >= 128 || FOLD[c] != literal[k]) {
                    return false;
                }
            }
            return true;
        }

        /** Tries the rule at each possible start, in text order, resuming after each match as find() does. */
        private void runAnchored(int rule, String text, int n, Scratch local) {
            if (!gateImplied[rule] && !hasKeyword(rule, text, n, local)) {
                return;
            }
            int[] intervals = local.intervals[rule];
            int count = local.intervalCount[rule];
            sortPairs(intervals, count);
            Matcher matcher = local.matcher(rule, text);
            int longest = maxLength[rule];
            int from = 0;
            for (int k = 0; k < count; k++) {
                from = Math.max(from, intervals[2 * k]);
                int last = intervals[2 * k + 1];
                while (from <= last) {
                    int end = longest >= n - from ? n : from + longest;
                    matcher.region(from, end);
                    if (matcher.lookingAt()) {
                        record(rule, matcher, text, local);
                        int matchEnd = matcher.end();
                        from = matchEnd == from ? from + 1 : matchEnd;
                    }
                    else {
                        from++;
                    }
                }
            }
        }

        /**
         * Runs each digit-run rule over the maximal run of their chars around the digit at {@code position}, if it
         * holds enough digits; returns where the run ends, so the digits in it trigger nothing more.
         */
        private int digitRun(int position, String text, int n, Scratch local) {
            RegexShape.CharSet union = digitUnion;
            int start = position;
            while (start > 0 && union.contains(text.charAt(start - 1))) {
                start--;
            }
            int end = position;
            int digits = 0;
            while (end < n && union.contains(text.charAt(end))) {
                if ((char) (text.charAt(end) - '0') < 10) {
                    digits++;
                }
                end++;
            }
            if (digits >= digitMin) {
                for (int rule : digitRules) {
                    runDigitRule(rule, start, end, text, n, local);
                }
            }
            return end;
        }

        private void runDigitRule(int rule, int from, int to, String text, int n, Scratch local) {
            RegexShape.CharSet alphabet = alphabets[rule];
            int i = from;
            while (i < to) {
                if (!alphabet.contains(text.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                int digits = 0;
                while (i < to && alphabet.contains(text.charAt(i))) {
                    if ((char) (text.charAt(i) - '0') < 10) {
                        digits++;
                    }
                    i++;
                }
                if (digits >= minDigits[rule] && (gateImplied[rule] || hasKeyword(rule, text, n, local))) {
                    Matcher matcher = local.matcher(rule, text);
                    matcher.region(start, i);
                    while (matcher.find()) {
                        record(rule, matcher, text, local);
                    }
                }
            }
        }

        /** Whether one of the rule's keywords occurs in the text, case-folded; cached for the current text. */
        private boolean hasKeyword(int rule, String text, int n, Scratch local) {
            if (local.gateEpoch[rule] == local.epoch) {
                return local.gateValue[rule];
            }
            boolean found = false;
            for (char[] keyword : keywords[rule]) {
                for (int start = 0; start + keyword.length <= n && !found; start++) {
                    found = foldedAt(text, start, keyword);
                }
                if (found) {
                    break;
                }
            }
            local.gateEpoch[rule] = local.epoch;
            local.gateValue[rule] = found;
            return found;
        }

        private static void sortPairs(int[] pairs, int count) {
            for (int i = 1; i < count; i++) {
                int lo = pairs[2 * i];
                int hi = pairs[2 * i + 1];
                int j = i - 1;
                while (j >= 0 && pairs[2 * j] > lo) {
                    pairs[2 * j + 2] = pairs[2 * j];
                    pairs[2 * j + 3] = pairs[2 * j + 1];
                    j--;
                }
                pairs[2 * j + 2] = lo;
                pairs[2 * j + 3] = hi;
            }
        }

        private void record(int rule, Matcher matcher, String text, Scratch local) {
            SecretRule secretRule = rules[rule];
            int group = secretRule.secretGroup();
            int start = matcher.start(group);
            int end = matcher.end(group);
            if (start < 0 || end <= start) {
                return;
            }
            if (secretRule.minEntropy() > 0 && ShannonEntropy.bitsPerChar(text, start, end) < secretRule.minEntropy()) {
                return;
            }
            if (!secretRule.validator().accepts(text, start, end)) {
                return;
            }
            local.add(rule, start, end);
        }

        private int[] resolve(int[] matches, int count) {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int byStart = Integer.compare(matches[a * 3 + 1], matches[b * 3 + 1]);
                return byStart != 0 ? byStart : Integer.compare(matches[b * 3 + 2], matches[a * 3 + 2]);
            });
            int[] spans = new int[count * 4];
            int spanCount = 0;
            int i = 0;
            while (i < count) {
                int first = order[i];
                int clusterStart = matches[first * 3 + 1];
                int clusterEnd = matches[first * 3 + 2];
                int winner = first;
                int j = i + 1;
                while (j < count && matches[order[j] * 3 + 1] < clusterEnd) {
                    int candidate = order[j];
                    clusterEnd = Math.max(clusterEnd, matches[candidate * 3 + 2]);
                    if (beats(matches, candidate, winner)) {
                        winner = candidate;
                    }
                    j++;
                }
                int winnerStart = matches[winner * 3 + 1];
                int winnerEnd = matches[winner * 3 + 2];
                spans[spanCount++] = matches[winner * 3];
                spans[spanCount++] = clusterStart;
                spans[spanCount++] = clusterEnd;
                spans[spanCount++] = winnerStart == clusterStart && winnerEnd == clusterEnd ? 1 : 0;
                i = j;
            }
            return Arrays.copyOf(spans, spanCount);
        }

        private static boolean beats(int[] matches, int candidate, int winner) {
            int candidateLength = matches[candidate * 3 + 2] - matches[candidate * 3 + 1];
            int winnerLength = matches[winner * 3 + 2] - matches[winner * 3 + 1];
            if (candidateLength != winnerLength) {
                return candidateLength > winnerLength;
            }
            int candidateStart = matches[candidate * 3 + 1];
            int winnerStart = matches[winner * 3 + 1];
            if (candidateStart != winnerStart) {
                return candidateStart < winnerStart;
            }
            return matches[candidate * 3] < matches[winner * 3];
        }
    }

    /** Per-thread reusable state, so a text without findings costs no allocation. */
    private static final class Scratch {
        final long[] candidates;
        final Matcher[] matchers;
        final boolean[] used;
        final int[][] intervals; // per rule: {from, to} pairs of possible match starts
        final int[] intervalCount;
        final int[] touched; // rules with intervals
        int touchedCount;
        final long[] gateEpoch;
        final boolean[] gateValue;
        long epoch;
        int digitsFrom;
        byte[] bytes = new byte[4096];
        int[] matches = new int[3 * 8]; // {rule, start, end} triples
        int matchCount;

        Scratch(Pattern[] patterns) {
            int count = patterns.length;
            this.candidates = new long[(count + 63) / 64];
            this.matchers = new Matcher[count];
            for (int i = 0; i < count; i++) {
                matchers[i] = patterns[i].matcher("").useTransparentBounds(true).useAnchoringBounds(false);
            }
            this.used = new boolean[count];
            this.intervals = new int[count][8];
            this.intervalCount = new int[count];
            this.touched = new int[count];
            this.gateEpoch = new long[count];
            this.gateValue = new boolean[count];
        }

        byte[] bytes(int length) {
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            return bytes;
        }

        Matcher matcher(int rule, String text) {
            if (!used[rule]) {
                matchers[rule].reset(text);
                used[rule] = true;
            }
            return matchers[rule];
        }

        void addInterval(int rule, int from, int to) {
            int count = intervalCount[rule];
            if (count == 0) {
                touched[touchedCount++] = rule;
            }
            else if (intervals[rule][2 * count - 2] == from) {
                intervals[rule][2 * count - 1] = Math.max(intervals[rule][2 * count - 1], to);
                return;
            }
            if (2 * count + 2 > intervals[rule].length) {
                intervals[rule] = Arrays.copyOf(intervals[rule], intervals[rule].length * 2);
            }
            intervals[rule][2 * count] = from;
            intervals[rule][2 * count + 1] = to;
            intervalCount[rule] = count + 1;
        }

        void add(int rule, int start, int end) {
            if (matchCount * 3 + 3 > matches.length) {
                matches = Arrays.copyOf(matches, matches.length * 2);
            }
            matches[matchCount * 3] = rule;
            matches[matchCount * 3 + 1] = start;
            matches[matchCount * 3 + 2] = end;
            matchCount++;
        }
    }
}
