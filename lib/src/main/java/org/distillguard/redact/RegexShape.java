package org.distillguard.redact;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rule's regex can match, derived from its syntax so the {@link Redactor} can run it only in small windows of
 * a text instead of over all of it: the longest match, the chars any match can consume, the fewest ASCII digits a
 * match holds, and a set of literal strings (ASCII, compared case-folded) one of which every match contains, with
 * how far into the match it can start.
 *
 * <p>Every fact is a safe over-approximation (longer, larger, fewer) so windows never lose a match. Regexes using
 * syntax this class does not model (flags other than {@code i}, {@code \p}, {@code \Q}, nested classes, forward
 * references, ...) yield null: the redactor then runs them over the whole text as before.
 */
final class RegexShape {
    /** An unbounded length; sums saturate at it. */
    static final int INF = Integer.MAX_VALUE / 4;
    private static final int MAX_LITERALS = 64;

    /** Longest match in chars, or {@link #INF}. */
    final int maxLength;
    /** Chars any match can consume (lookarounds excluded). */
    final CharSet alphabet;
    /** Fewest chars in {@code [0-9]} any match holds. */
    final int minDigits;
    /** Literals one of which every match contains, or null if none were found. */
    final Factor factor;

    private RegexShape(Info info) {
        this.maxLength = info.max;
        this.alphabet = info.alpha;
        this.minDigits = info.minDigits;
        this.factor = info.factor;
    }

    /** The shape of {@code regex}, or null if it uses syntax this class does not model. */
    static RegexShape analyze(String regex) {
        try {
            Parser parser = new Parser(regex);
            Info info = parser.alternation();
            if (parser.pos != regex.length()) {
                return null;
            }
            return new RegexShape(info);
        }
        catch (Unsupported | RuntimeException e) {
            return null;
        }
    }

    /** ASCII chars as a bit set, plus whether any char outside ASCII is included. */
    static final class CharSet {
        long low;
        long high;
        boolean other;

        boolean contains(char c) {
            if (c >= 128) {
                return other;
            }
            return c < 64 ? (low & (1L << c)) != 0 : (high & (1L << c)) != 0;
        }

        void add(int c) {
            if (c >= 128) {
                other = true;
            }
            else if (c < 64) {
                low |= 1L << c;
            }
            else {
                high |= 1L << c;
            }
        }

        void addRange(int from, int to) {
            for (int c = from; c <= to && c < 128; c++) {
                add(c);
            }
            if (to >= 128) {
                other = true;
            }
        }

        void addAll(CharSet set) {
            low |= set.low;
            high |= set.high;
            other |= set.other;
        }

        void complement() {
            low = ~low;
            high = ~high;
            other = true;
        }

        void addCaseVariants() {
            for (int c = 'a'; c <= 'z'; c++) {
                if (contains((char) c) || contains((char) (c - 32))) {
                    add(c);
                    add(c - 32);
                }
            }
        }

        boolean hasAsciiLetter() {
            for (int c = 'A'; c <= 'z'; c++) {
                if (Character.isLetter(c) && contains((char) c)) {
                    return true;
                }
            }
            return false;
        }

        boolean onlyDigits() {
            return !other && high == 0 && low != 0 && (low & ~(0x3FFL << '0')) == 0;
        }

        int asciiSize() {
            return Long.bitCount(low) + Long.bitCount(high);
        }

        CharSet copy() {
            CharSet copy = new CharSet();
            copy.addAll(this);
            return copy;
        }
    }

    /**
     * Every match contains one of {@code literals} (lower-case ASCII; a text char matches after folding A-Z to a-z)
     * starting at most {@code maxBefore} chars after the match start, with only chars of {@code before} in between.
     * {@code exact} holds, for each literal, its exact case if the regex requires it, else null.
     */
    record Factor(List<String> literals, List<String> exact, int maxBefore, CharSet before) {
        int quality() {
            int shortest = Integer.MAX_VALUE;
            for (String literal : literals) {
                shortest = Math.min(shortest, literal.length());
            }
            int quality = Math.min(shortest, 4) * 4;
            if (maxBefore > 64) {
                quality -= 8;
            }
            if (literals.size() > 16) {
                quality -= 1;
            }
            return quality;
        }

        boolean betterThan(Factor other) {
            if (other == null) {
                return true;
            }
            if (quality() != other.quality()) {
                return quality() > other.quality();
            }
            return maxBefore < other.maxBefore;
        }

        Factor shifted(int chars, CharSet alphabet) {
            CharSet widened = before.copy();
            widened.addAll(alphabet);
            return new Factor(literals, exact, add(maxBefore, chars), widened);
        }
    }

    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** Facts about one node of the regex. */
    private static final class Info {
        int max;
        CharSet alpha = new CharSet();
        int minDigits;
        /** The exact strings the node can match (folded key, exact-case value or null), or null if not a small set. */
        Map<String, String> literals;
        Factor factor;

        static Info empty() {
            Info info = new Info();
            info.literals = new LinkedHashMap<>();
            info.literals.put("", "");
            return info;
        }

        /** Sets {@link #factor} to the node's own literals if they make a better one. */
        void considerOwnLiterals() {
            if (literals == null || literals.isEmpty() || literals.containsKey("")) {
                return;
            }
            Factor own = new Factor(List.copyOf(literals.keySet()), new ArrayList<>(literals.values()), 0, new CharSet());
            if (own.betterThan(factor)) {
                factor = own;
            }
        }
    }

    private static final class Parser {
        final String regex;
        int pos;
        boolean caseInsensitive;
        int groupCount;
        final Map<Integer, Info> groups = new HashMap<>();

        Parser(String regex) {
            this.regex = regex;
        }

        Info alternation() throws Unsupported {
            List<Info> branches = new ArrayList<>();
            branches.add(concatenation());
            while (pos < regex.length() && regex.charAt(pos) == '|') {
                pos++;
                branches.add(concatenation());
            }
            if (branches.size() == 1) {
                return branches.get(0);
            }
            Info info = new Info();
            info.max = 0;
            info.minDigits = Integer.MAX_VALUE;
            Map<String, String> literals = new LinkedHashMap<>();
            List<String> factorLiterals = new ArrayList<>();
            List<String> factorExact = new ArrayList<>();
            int maxBefore = 0;
            CharSet before = new CharSet();
            boolean allFactors = true;
            for (Info branch : branches) {
                info.max = Math.max(info.max, branch.max);
                info.alpha.addAll(branch.alpha);
                info.minDigits = Math.min(info.minDigits, branch.minDigits);
                if (literals != null && branch.literals != null) {
                    mergeLiterals(literals, branch.literals);
                    if (literals.size() > MAX_LITERALS) {
                        literals = null;
                    }
                }
                else {
                    literals = null;
                }
                branch.considerOwnLiterals();
                if (branch.factor == null) {
                    allFactors = false;
                }
                else {
                    factorLiterals.addAll(branch.factor.literals());
                    factorExact.addAll(branch.factor.exact());
                    maxBefore = Math.max(maxBefore, branch.factor.maxBefore());
                    before.addAll(branch.factor.before());
                }
            }
            info.literals = literals;
            if (allFactors) {
                info.factor = new Factor(factorLiterals, factorExact, maxBefore, before);
            }
            info.considerOwnLiterals();
            return info;
        }

        Info concatenation() throws Unsupported {
            List<Info> items = new ArrayList<>();
            boolean outerCaseInsensitive = caseInsensitive;
            while (pos < regex.length() && regex.charAt(pos) != '|' && regex.charAt(pos) != ')') {
                Info atom = atom();
                if (atom != null) {
                    items.add(quantified(atom));
                }
            }
            // An inline (?i) lasts to the end of the enclosing group, across later branches too.
            if (pos >= regex.length() || regex.charAt(pos) != '|') {
                caseInsensitive = outerCaseInsensitive;
            }
            Info info = new Info();
            Map<String, String> all = new LinkedHashMap<>();
            all.put("", "");
            int beforeLength = 0;
            CharSet beforeAlpha = new CharSet();
            // Runs of adjacent literal items become candidate factors.
            Map<String, String> run = null;
            int runBeforeLength = 0;
            CharSet runBeforeAlpha = null;
            for (Info item : items) {
                if (all != null && item.literals != null) {
                    all = product(all, item.literals);
                }
                else {
                    all = null;
                }
                if (item.literals != null) {
                    Map<String, String> extended = run == null ? null : product(run, item.literals);
                    if (extended == null) {
                        consider(info, run, runBeforeLength, runBeforeAlpha);
                        run = item.literals;
                        runBeforeLength = beforeLength;
                        runBeforeAlpha = beforeAlpha.copy();
                    }
                    else {
                        run = extended;
                    }
                }
                else {
                    consider(info, run, runBeforeLength, runBeforeAlpha);
                    run = null;
                    if (item.factor != null) {
                        Factor shifted = item.factor.shifted(beforeLength, beforeAlpha);
                        if (shifted.betterThan(info.factor)) {
                            info.factor = shifted;
                        }
                    }
                }
                info.max = add(info.max, item.max);
                info.alpha.addAll(item.alpha);
                info.minDigits = add(info.minDigits, item.minDigits);
                beforeLength = add(beforeLength, item.max);
                beforeAlpha.addAll(item.alpha);
            }
            consider(info, run, runBeforeLength, runBeforeAlpha);
            info.literals = all;
            info.considerOwnLiterals();
            return info;
        }

        private static void consider(Info info, Map<String, String> run, int beforeLength, CharSet beforeAlpha) {
            if (run == null || run.isEmpty() || run.containsKey("")) {
                return;
            }
            Factor factor = new Factor(List.copyOf(run.keySet()), new ArrayList<>(run.values()), beforeLength, beforeAlpha);
            if (factor.betterThan(info.factor)) {
                info.factor = factor;
            }
        }

        /** One atom, or null for an inline flag group that matches nothing. */
        Info atom() throws Unsupported {
            char c = regex.charAt(pos);
            switch (c) {
                case '(':
                    return group();
                case '[':
                    return charClass();
                case '.': {
                    pos++;
                    CharSet set = new CharSet();
                    set.complement();
                    set.low &= ~((1L << '\n') | (1L << '\r'));
                    return chars(set, 2);
                }
                case '^':
                case '$':
                    pos++;
                    return Info.empty();
                case '\\':
                    return escape();
                case '*':
                case '+':
                case '?':
                case '{':
                    throw new Unsupported();
                default:
                    pos++;
                    return literalChar(c);
            }
        }

        Info group() throws Unsupported {
            pos++; // (
            boolean outer = caseInsensitive;
            Info info;
            if (regex.startsWith("?", pos)) {
                pos++;
                char kind = regex.charAt(pos);
                if (kind == ':' || kind == '>') {
                    pos++;
                    info = alternation();
                }
                else if (kind == '=' || kind == '!') {
                    pos++;
                    alternation();
                    info = Info.empty();
                }
                else if (kind == '<' && (regex.charAt(pos + 1) == '=' || regex.charAt(pos + 1) == '!')) {
                    pos += 2;
                    alternation();
                    info = Info.empty();
                }
                else if (kind == '<') {
                    int close = regex.indexOf('>', pos);
                    if (close < 0) {
                        throw new Unsupported();
                    }
                    pos = close + 1;
                    info = capture();
                }
                else {
                    boolean on = true;
                    boolean flag = caseInsensitive;
                    while (pos < regex.length() && regex.charAt(pos) != ')' && regex.charAt(pos) != ':') {
                        char f = regex.charAt(pos++);
                        if (f == '-') {
                            on = false;
                        }
                        else if (f == 'i') {
                            flag = on;
                        }
                        else {
                            throw new Unsupported();
                        }
                    }
                    if (pos >= regex.length()) {
                        throw new Unsupported();
                    }
                    if (regex.charAt(pos) == ')') {
                        pos++;
                        caseInsensitive = flag;
                        return null;
                    }
                    pos++; // :
                    caseInsensitive = flag;
                    info = alternation();
                }
            }
            else {
                info = capture();
            }
            caseInsensitive = outer;
            expect(')');
            return info;
        }

        private Info capture() throws Unsupported {
            int number = ++groupCount;
            Info info = alternation();
            groups.put(number, info);
            return info;
        }

        Info escape() throws Unsupported {
            pos++; // backslash
            char c = regex.charAt(pos++);
            CharSet set = new CharSet();
            switch (c) {
                case 'd':
                    set.addRange('0', '9');
                    return chars(set, 1);
                case 'D':
                    set.addRange('0', '9');
                    set.complement();
                    return chars(set, 2);
                case 's':
                    addSpace(set);
                    return chars(set, 1);
                case 'S':
                    addSpace(set);
                    set.complement();
                    return chars(set, 2);
                case 'w':
                    addWord(set);
                    return chars(set, 1);
                case 'W':
                    addWord(set);
                    set.complement();
                    return chars(set, 2);
                case 'b':
                case 'B':
                case 'A':
                case 'z':
                case 'Z':
                    return Info.empty();
                default:
                    break;
            }
            if (c >= '1' && c <= '9') {
                int number = c - '0';
                if (pos < regex.length() && Character.isDigit(regex.charAt(pos))) {
                    throw new Unsupported();
                }
                Info group = groups.get(number);
                if (group == null) {
                    throw new Unsupported();
                }
                Info info = new Info();
                info.max = group.max;
                info.alpha = group.alpha.copy();
                if (caseInsensitive) {
                    info.alpha.addCaseVariants();
                }
                return info;
            }
            int literal = escapedChar(c);
            return literalChar((char) literal);
        }

        /** The char an escape other than a class or backreference stands for. */
        private int escapedChar(char c) throws Unsupported {
            switch (c) {
                case 'n':
                    return '\n';
                case 't':
                    return '\t';
                case 'r':
                    return '\r';
                case 'f':
                    return '\f';
                case 'e':
                    return 0x1b;
                case 'a':
                    return 0x07;
                case 'x': {
                    if (pos + 2 > regex.length() || regex.charAt(pos) == '{') {
                        throw new Unsupported();
                    }
                    int value = Integer.parseInt(regex.substring(pos, pos + 2), 16);
                    pos += 2;
                    return value;
                }
                case 'u': {
                    int value = Integer.parseInt(regex.substring(pos, pos + 4), 16);
                    pos += 4;
                    return value;
                }
                default:
                    if (Character.isLetterOrDigit(c) || c >= 128) {
                        throw new Unsupported();
                    }
                    return c;
            }
        }

        Info literalChar(char c) throws Unsupported {
            if (Character.isSurrogate(c)) {
                throw new Unsupported();
            }
            CharSet set = new CharSet();
            set.add(c);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (caseInsensitive && letter) {
                set.addCaseVariants();
            }
            Info info = chars(set, 1);
            if (c > 0 && c < 128) {
                info.literals = new LinkedHashMap<>();
                info.literals.put(String.valueOf(fold(c)), caseInsensitive && letter ? null : String.valueOf(c));
            }
            return info;
        }

        Info charClass() throws Unsupported {
            pos++; // [
            boolean negate = false;
            if (regex.charAt(pos) == '^') {
                negate = true;
                pos++;
            }
            CharSet set = new CharSet();
            boolean first = true;
            while (true) {
                char c = regex.charAt(pos);
                if (c == ']' && !first) {
                    pos++;
                    break;
                }
                if (c == '[' || c == ']' || (c == '&' && regex.startsWith("&&", pos))) {
                    throw new Unsupported();
                }
                first = false;
                int from;
                if (c == '\\') {
                    pos++;
                    char e = regex.charAt(pos++);
                    switch (e) {
                        case 'd' -> set.addRange('0', '9');
                        case 's' -> addSpace(set);
                        case 'w' -> addWord(set);
                        case 'D', 'S', 'W' -> {
                            CharSet part = new CharSet();
                            if (e == 'D') {
                                part.addRange('0', '9');
                            }
                            else if (e == 'S') {
                                addSpace(part);
                            }
                            else {
                                addWord(part);
                            }
                            part.complement();
                            set.addAll(part);
                        }
                        default -> {
                            from = escapedChar(e);
                            rangeOrChar(set, from);
                        }
                    }
                    continue;
                }
                if (Character.isSurrogate(c)) {
                    throw new Unsupported();
                }
                pos++;
                rangeOrChar(set, c);
            }
            if (caseInsensitive) {
                set.addCaseVariants();
            }
            if (negate) {
                if (caseInsensitive) {
                    set = new CharSet();
                    set.complement();
                }
                else {
                    set.complement();
                }
            }
            Info info = chars(set, set.other ? 2 : 1);
            if (!set.other && set.asciiSize() <= 12 && (set.low & 1L) == 0) {
                Map<String, String> literals = new LinkedHashMap<>();
                for (int ch = 1; ch < 128; ch++) {
                    if (set.contains((char) ch)) {
                        String folded = String.valueOf(fold((char) ch));
                        String exact = String.valueOf((char) ch);
                        if (literals.containsKey(folded)) {
                            literals.put(folded, null);
                        }
                        else {
                            literals.put(folded, exact);
                        }
                    }
                }
                info.literals = literals.size() <= 6 ? literals : null;
            }
            return info;
        }

        private void rangeOrChar(CharSet set, int from) throws Unsupported {
            if (pos + 1 < regex.length() && regex.charAt(pos) == '-' && regex.charAt(pos + 1) != ']') {
                pos++;
                char t = regex.charAt(pos++);
                int to;
                if (t == '\\') {
                    to = escapedChar(regex.charAt(pos++));
                }
                else if (t == '[' || Character.isSurrogate(t)) {
                    throw new Unsupported();
                }
                else {
                    to = t;
                }
                if (to < from) {
                    throw new Unsupported();
                }
                set.addRange(from, to);
            }
            else {
                set.add(from);
            }
        }

        Info quantified(Info atom) throws Unsupported {
            if (pos >= regex.length()) {
                return atom;
            }
            char c = regex.charAt(pos);
            int min;
            int max;
            if (c == '?') {
                min = 0;
                max = 1;
                pos++;
            }
            else if (c == '*') {
                min = 0;
                max = INF;
                pos++;
            }
            else if (c == '+') {
                min = 1;
                max = INF;
                pos++;
            }
            else if (c == '{') {
                int close = regex.indexOf('}', pos);
                if (close < 0) {
                    throw new Unsupported();
                }
                String body = regex.substring(pos + 1, close);
                int comma = body.indexOf(',');
                if (comma < 0) {
                    min = Integer.parseInt(body);
                    max = min;
                }
                else {
                    min = Integer.parseInt(body.substring(0, comma));
                    max = comma == body.length() - 1 ? INF : Integer.parseInt(body.substring(comma + 1));
                }
                pos = close + 1;
            }
            else {
                return atom;
            }
            if (pos < regex.length() && (regex.charAt(pos) == '?' || regex.charAt(pos) == '+')) {
                pos++;
            }
            if (pos < regex.length() && "?*+{".indexOf(regex.charAt(pos)) >= 0) {
                throw new Unsupported();
            }
            Info info = new Info();
            info.max = max == 0 || atom.max == 0 ? 0 : (max >= INF || atom.max >= INF ? INF : multiply(atom.max, max));
            if (max > 0) {
                info.alpha = atom.alpha;
            }
            info.minDigits = multiply(atom.minDigits, min);
            if (atom.literals != null && max <= 4) {
                Map<String, String> literals = new LinkedHashMap<>();
                Map<String, String> power = new LinkedHashMap<>();
                power.put("", "");
                for (int count = 0; count <= max && literals != null; count++) {
                    if (count >= min) {
                        mergeLiterals(literals, power);
                        if (literals.size() > MAX_LITERALS) {
                            literals = null;
                        }
                    }
                    power = count < max ? product(power, atom.literals) : power;
                    if (power == null) {
                        literals = null;
                    }
                }
                info.literals = literals;
            }
            if (min >= 1) {
                atom.considerOwnLiterals();
                info.factor = atom.factor;
            }
            info.considerOwnLiterals();
            return info;
        }

        private Info chars(CharSet set, int maxLength) {
            Info info = new Info();
            info.max = maxLength;
            info.alpha = set;
            info.minDigits = set.onlyDigits() ? 1 : 0;
            return info;
        }

        private void expect(char c) throws Unsupported {
            if (pos >= regex.length() || regex.charAt(pos) != c) {
                throw new Unsupported();
            }
            pos++;
        }

        private static void addSpace(CharSet set) {
            for (char c : new char[] {' ', '\t', '\n', 0x0B, '\f', '\r'}) {
                set.add(c);
            }
        }

        private static void addWord(CharSet set) {
            set.addRange('a', 'z');
            set.addRange('A', 'Z');
            set.addRange('0', '9');
            set.add('_');
        }
    }

    /** Every concatenation of one string of {@code a} and one of {@code b}, or null if there would be too many. */
    private static Map<String, String> product(Map<String, String> a, Map<String, String> b) {
        if ((long) a.size() * b.size() > MAX_LITERALS) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> x : a.entrySet()) {
            for (Map.Entry<String, String> y : b.entrySet()) {
                String exact = x.getValue() == null || y.getValue() == null ? null : x.getValue() + y.getValue();
                String key = x.getKey() + y.getKey();
                if (out.containsKey(key) && !java.util.Objects.equals(out.get(key), exact)) {
                    exact = null;
                }
                out.put(key, exact);
            }
        }
        return out;
    }

    private static void mergeLiterals(Map<String, String> into, Map<String, String> from) {
        for (Map.Entry<String, String> entry : from.entrySet()) {
            if (into.containsKey(entry.getKey()) && !java.util.Objects.equals(into.get(entry.getKey()), entry.getValue())) {
                into.put(entry.getKey(), null);
            }
            else {
                into.put(entry.getKey(), entry.getValue());
            }
        }
    }

    static char fold(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    static int add(int a, int b) {
        long sum = (long) a + b;
        return sum >= INF ? INF : (int) sum;
    }

    private static int multiply(int a, int b) {
        long product = (long) a * b;
        return product >= INF ? INF : (int) product;
    }
}
