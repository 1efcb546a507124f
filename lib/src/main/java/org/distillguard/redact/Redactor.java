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
 * rules are shipped; patterns, the keyword automaton and per-thread matchers are rebuilt lazily on first use.
 *
 * <p>Per text: one keyword pass (no allocation), then only the regexes of rules whose keywords occur, plus rules
 * without keywords. A text without findings is returned as is.
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

    /** Compiled form of the rules; never serialized. */
    private static final class Engine {
        final SecretRule[] rules;
        final Pattern[] patterns;
        final String[] markers;
        final boolean[] alwaysRun;
        final KeywordAutomaton keywords;
        final ThreadLocal<Scratch> scratch;

        Engine(SecretRuleSet ruleSet) {
            this.rules = ruleSet.rules().toArray(new SecretRule[0]);
            this.patterns = new Pattern[rules.length];
            this.markers = new String[rules.length];
            this.alwaysRun = new boolean[rules.length];
            List<List<String>> keywordsByRule = new ArrayList<>(rules.length);
            for (int i = 0; i < rules.length; i++) {
                patterns[i] = rules[i].compile();
                markers[i] = MARKER_PREFIX + rules[i].id() + "]";
                alwaysRun[i] = rules[i].keywords().isEmpty();
                keywordsByRule.add(rules[i].keywords());
            }
            this.keywords = KeywordAutomaton.build(keywordsByRule);
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(patterns));
        }

        /**
         * The resolved spans as {rule, start, end, exact} quadruples in text order, or null if there are none.
         * {@code exact} is 1 when the span is exactly the winning rule's match (not widened by an overlap).
         */
        int[] scan(String text) {
            Scratch local = scratch.get();
            long[] candidates = local.candidates;
            Arrays.fill(candidates, 0L);
            keywords.scan(text, candidates);
            local.matchCount = 0;
            try {
                for (int rule = 0; rule < rules.length; rule++) {
                    if (alwaysRun[rule] || (candidates[rule >>> 6] & (1L << rule)) != 0) {
                        collect(rule, text, local);
                    }
                }
            }
            finally {
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

        private void collect(int rule, String text, Scratch local) {
            SecretRule secretRule = rules[rule];
            Matcher matcher = local.matchers[rule].reset(text);
            local.used[rule] = true;
            int group = secretRule.secretGroup();
            while (matcher.find()) {
                int start = matcher.start(group);
                int end = matcher.end(group);
                if (start < 0 || end <= start) {
                    continue;
                }
                if (secretRule.minEntropy() > 0 && ShannonEntropy.bitsPerChar(text, start, end) < secretRule.minEntropy()) {
                    continue;
                }
                if (!secretRule.validator().accepts(text, start, end)) {
                    continue;
                }
                local.add(rule, start, end);
            }
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
        int[] matches = new int[3 * 8]; // {rule, start, end} triples
        int matchCount;

        Scratch(Pattern[] patterns) {
            this.candidates = new long[(patterns.length + 63) / 64];
            this.matchers = new Matcher[patterns.length];
            for (int i = 0; i < patterns.length; i++) {
                matchers[i] = patterns[i].matcher("");
            }
            this.used = new boolean[patterns.length];
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
