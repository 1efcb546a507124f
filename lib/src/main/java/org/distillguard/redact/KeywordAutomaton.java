package org.distillguard.redact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;

/**
 * Aho-Corasick automaton over lower-case ASCII keywords. One pass over a text, folding A-Z to lower case on the fly
 * and allocating nothing, marks every rule whose keyword occurs.
 */
final class KeywordAutomaton {
    private static final int ALPHABET = 128;

    private final int[] transitions; // state * ALPHABET + char -> state
    private final int[][] outputs; // state -> rule indexes whose keyword ends here (null if none)

    private KeywordAutomaton(int[] transitions, int[][] outputs) {
        this.transitions = transitions;
        this.outputs = outputs;
    }

    /** @param keywordsByRule keywords of each rule, by rule index */
    static KeywordAutomaton build(List<List<String>> keywordsByRule) {
        List<int[]> trie = new ArrayList<>();
        List<int[]> ruleSets = new ArrayList<>();
        trie.add(newRow());
        ruleSets.add(new int[0]);
        for (int rule = 0; rule < keywordsByRule.size(); rule++) {
            for (String keyword : keywordsByRule.get(rule)) {
                int state = 0;
                for (int i = 0; i < keyword.length(); i++) {
                    char c = keyword.charAt(i);
                    if (trie.get(state)[c] < 0) {
                        trie.get(state)[c] = trie.size();
                        trie.add(newRow());
                        ruleSets.add(new int[0]);
                    }
                    state = trie.get(state)[c];
                }
                ruleSets.set(state, withRule(ruleSets.get(state), rule));
            }
        }

        int states = trie.size();
        int[] transitions = new int[states * ALPHABET];
        int[] failure = new int[states];
        Queue<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < ALPHABET; c++) {
            int next = trie.get(0)[c];
            transitions[c] = Math.max(next, 0);
            if (next > 0) {
                failure[next] = 0;
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.remove();
            for (int rule : ruleSets.get(failure[state])) {
                ruleSets.set(state, withRule(ruleSets.get(state), rule));
            }
            for (int c = 0; c < ALPHABET; c++) {
                int next = trie.get(state)[c];
                if (next > 0) {
                    failure[next] = transitions[failure[state] * ALPHABET + c];
                    transitions[state * ALPHABET + c] = next;
                    queue.add(next);
                }
                else {
                    transitions[state * ALPHABET + c] = transitions[failure[state] * ALPHABET + c];
                }
            }
        }
        int[][] outputs = new int[states][];
        for (int state = 0; state < states; state++) {
            outputs[state] = ruleSets.get(state).length == 0 ? null : ruleSets.get(state);
        }
        return new KeywordAutomaton(transitions, outputs);
    }

    /** Sets bit {@code rule} of {@code found} for every rule with a keyword in {@code text}; returns whether any did. */
    boolean scan(String text, long[] found) {
        boolean any = false;
        int state = 0;
        int[] table = transitions;
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (c >= ALPHABET) {
                state = 0;
                continue;
            }
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            state = table[state * ALPHABET + c];
            int[] rules = outputs[state];
            if (rules != null) {
                any = true;
                for (int rule : rules) {
                    found[rule >>> 6] |= 1L << rule;
                }
            }
        }
        return any;
    }

    private static int[] newRow() {
        int[] row = new int[ALPHABET];
        Arrays.fill(row, -1);
        return row;
    }

    private static int[] withRule(int[] rules, int rule) {
        for (int existing : rules) {
            if (existing == rule) {
                return rules;
            }
        }
        int[] extended = Arrays.copyOf(rules, rules.length + 1);
        extended[rules.length] = rule;
        return extended;
    }
}
