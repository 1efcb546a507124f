package org.distillguard.features;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aho-Corasick automaton over phrases in any script, matched case-insensitively as substrings. Each phrase belongs to
 * a group (0 to 63); one pass over a text returns the bit set of the groups with a phrase in it, folding case on the
 * fly and allocating nothing. Every transition is resolved ahead of time (failure links already followed), so a
 * character costs one or two array reads: each state has a dense row over the ASCII characters that occur in some
 * phrase (the bulk of most prompts: about 40 columns, numbered through a 128-entry table, with upper-case letters in
 * their lower-case column), and a dense row over the other characters that occur in some phrase (about a hundred for
 * the shipped lexicons, numbered through a table of all 65,536 UTF-16 units). Any other character sends every state
 * to the root. States are stored as {@code char}s: the tables stay small enough to sit in the processor's caches,
 * which matters because each step's read depends on the one before it. The states at which some phrase ends are
 * numbered last, from {@link #firstMatching()}: a scan compares the state with that number instead of reading its
 * output for every character, and the rarely read outputs leave the cache to the transitions.
 */
public final class PhraseMatcher implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long EMPTY = -1L;
    /** Most states the automaton may have: state numbers are stored as {@code char}s. */
    static final int MAX_STATES = 1 << 16;
    /** Most cells the dense non-ASCII table may hold (states times distinct non-ASCII characters: 32 MB). */
    static final int MAX_WIDE_CELLS = 1 << 24;

    /** The groups whose phrases end at each state; 0 below {@link #firstMatching}. */
    private final long[] output;
    private final int firstMatching;
    /** The column of each ASCII character in {@link #ascii}; 0 (whose cells all hold the start state) for the others. */
    private final byte[] asciiSymbol = new byte[128];
    /** log2 of the width of a row of {@link #ascii}. */
    private final int asciiShift;
    /** {@code ascii[state << asciiShift | asciiSymbol[c]]}: the state after reading ASCII c (either case) in state. */
    private final char[] ascii;
    /** The column of each non-ASCII character in {@link #wide}, plus one; 0 for characters that no phrase uses. */
    private final char[] wideSymbol = new char[1 << 16];
    private final int wideCount;
    /** {@code wide[state * wideCount + symbol - 1]}: the state after reading that non-ASCII character in state. */
    private final char[] wide;

    private PhraseMatcher(long[] keys, int[] targets, int[] failure, long[] output, int[] breadthFirst) {
        int states = failure.length;
        // States renumbered: those that match nothing first (the start state, which no phrase ends at, stays 0).
        int[] number = new int[states];
        int numbered = 0;
        for (int state = 0; state < states; state++) {
            if (output[state] == 0) {
                number[state] = numbered++;
            }
        }
        this.firstMatching = numbered;
        this.output = new long[states];
        for (int state = 0; state < states; state++) {
            if (output[state] != 0) {
                number[state] = numbered++;
            }
            this.output[number[state]] = output[state];
        }
        int mask = keys.length - 1;
        int symbols = 0;
        int asciiSymbols = 1; // column 0: the ASCII characters no phrase uses
        for (long key : keys) {
            char c = (char) key;
            if (key != EMPTY && c >= 128 && wideSymbol[c] == 0) {
                wideSymbol[c] = (char) ++symbols;
            } else if (key != EMPTY && c < 128 && asciiSymbol[c] == 0) {
                asciiSymbol[c] = (byte) asciiSymbols++;
            }
        }
        // Phrases are folded to lower case, so no transition reads an upper-case ASCII letter: it shares the column of
        // its lower-case letter, and the scan looks raw ASCII up without folding it first.
        for (char c = 'A'; c <= 'Z'; c++) {
            asciiSymbol[c] = asciiSymbol[c + ('a' - 'A')];
        }
        this.asciiShift = 32 - Integer.numberOfLeadingZeros(asciiSymbols - 1);
        char[] asciiChars = new char[asciiSymbols];
        for (char c = 0; c < 128; c++) {
            if (asciiSymbol[c] != 0 && (c < 'A' || c > 'Z')) {
                asciiChars[asciiSymbol[c]] = c;
            }
        }
        this.wideCount = symbols;
        char[] wideChars = new char[symbols];
        for (int c = 128; c < wideSymbol.length; c++) {
            if (wideSymbol[c] != 0) {
                wideChars[wideSymbol[c] - 1] = (char) c;
            }
        }
        if ((long) states * symbols > MAX_WIDE_CELLS) {
            throw new IllegalArgumentException("Cannot build a phrase matcher: " + states + " automaton states times "
                    + symbols + " distinct non-ASCII characters exceeds " + MAX_WIDE_CELLS
                    + " table cells; shorten the lexicons in conf/");
        }
        this.ascii = new char[states << asciiShift];
        this.wide = new char[states * symbols];
        // Breadth-first, so a state's failure state (shallower) has its rows filled before the state itself. Column 0
        // and the padding columns stay 0, the start state.
        for (int state : breadthFirst) {
            int row = number[state];
            int fallback = number[failure[state]];
            for (int symbol = 1; symbol < asciiSymbols; symbol++) {
                int next = next(keys, targets, mask, state, asciiChars[symbol]);
                ascii[row << asciiShift | symbol] = (char) (next >= 0 ? number[next]
                        : state == 0 ? 0 : ascii[fallback << asciiShift | symbol]);
            }
            for (int symbol = 0; symbol < symbols; symbol++) {
                int next = next(keys, targets, mask, state, wideChars[symbol]);
                wide[row * symbols + symbol] = (char) (next >= 0 ? number[next]
                        : state == 0 ? 0 : wide[fallback * symbols + symbol]);
            }
        }
    }

    /** Builds the automaton; {@code phrasesByGroup.get(g)} are the phrases of group g. */
    public static PhraseMatcher of(List<List<String>> phrasesByGroup) {
        if (phrasesByGroup.size() > 64) {
            throw new IllegalArgumentException("Cannot build a phrase matcher: " + phrasesByGroup.size()
                    + " groups (expected at most 64)");
        }
        List<Map<Character, Integer>> children = new ArrayList<>();
        List<Long> outputs = new ArrayList<>();
        children.add(new HashMap<>());
        outputs.add(0L);
        for (int group = 0; group < phrasesByGroup.size(); group++) {
            for (String phrase : phrasesByGroup.get(group)) {
                String folded = fold(phrase);
                if (folded.isEmpty()) {
                    throw new IllegalArgumentException("Invalid phrase: empty (group " + group + ")");
                }
                int state = 0;
                for (int i = 0; i < folded.length(); i++) {
                    char c = folded.charAt(i);
                    Integer next = children.get(state).get(c);
                    if (next == null) {
                        next = children.size();
                        children.add(new HashMap<>());
                        outputs.add(0L);
                        children.get(state).put(c, next);
                    }
                    state = next;
                }
                outputs.set(state, outputs.get(state) | (1L << group));
            }
        }
        int states = children.size();
        if (states > MAX_STATES) {
            throw new IllegalArgumentException("Cannot build a phrase matcher: the phrase lists need " + states
                    + " automaton states (at most " + MAX_STATES + "); shorten the lexicons in conf/");
        }
        int[] failure = new int[states];
        long[] output = new long[states];
        for (int s = 0; s < states; s++) {
            output[s] = outputs.get(s);
        }
        int[] breadthFirst = new int[states];
        int visited = 1;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : children.get(0).values()) {
            failure[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            breadthFirst[visited++] = state;
            for (Map.Entry<Character, Integer> edge : children.get(state).entrySet()) {
                int child = edge.getValue();
                int fallback = failure[state];
                while (fallback != 0 && !children.get(fallback).containsKey(edge.getKey())) {
                    fallback = failure[fallback];
                }
                Integer target = children.get(fallback).get(edge.getKey());
                failure[child] = target != null && target != child ? target : 0;
                output[child] |= output[failure[child]];
                queue.add(child);
            }
        }
        int edges = 0;
        for (Map<Character, Integer> map : children) {
            edges += map.size();
        }
        int capacity = Integer.highestOneBit(Math.max(16, edges * 2 + 1)) << 1;
        long[] keys = new long[capacity];
        int[] targets = new int[capacity];
        java.util.Arrays.fill(keys, EMPTY);
        for (int s = 0; s < states; s++) {
            for (Map.Entry<Character, Integer> edge : children.get(s).entrySet()) {
                long key = key(s, edge.getKey());
                int slot = slot(key, capacity - 1);
                while (keys[slot] != EMPTY) {
                    slot = (slot + 1) & (capacity - 1);
                }
                keys[slot] = key;
                targets[slot] = edge.getValue();
            }
        }
        return new PhraseMatcher(keys, targets, failure, output, breadthFirst);
    }

    /** Bit set of the groups with a phrase in the first {@code limit} characters of {@code text} (0 for null). */
    public long match(CharSequence text, int limit) {
        if (text == null) {
            return 0L;
        }
        int end = Math.min(limit, text.length());
        long found = 0L;
        int state = 0;
        for (int i = 0; i < end; i++) {
            state = step(state, text.charAt(i));
            if (state >= firstMatching) {
                found |= output(state);
            }
        }
        return found;
    }

    /**
     * The state after reading {@code c} (either case) in {@code state}; the start state is 0. Callers that scan text
     * for their own reasons step the automaton in the same loop and OR {@link #output} of each state reached.
     */
    int step(int state, char c) {
        if (c < 128) {
            return stepAscii(state, c);
        }
        char lower = CaseFold.lower(c);
        if (lower < 128) { // e.g. the Kelvin sign, whose lower case is 'k'
            return stepAscii(state, lower);
        }
        int symbol = wideSymbol[lower];
        return symbol == 0 ? 0 : wide[state * wideCount + symbol - 1];
    }

    /** Bit set of the groups whose phrases end at {@code state} (0 for the start state: no phrase is empty). */
    long output(int state) {
        return output[state];
    }

    /** The lowest state with a non-zero {@link #output}; every state from it up has one. */
    int firstMatching() {
        return firstMatching;
    }

    /** The automaton's transition from {@code state} on ASCII {@code c} (either case). */
    int stepAscii(int state, char c) {
        return ascii[state << asciiShift | asciiSymbol[c]];
    }

    private static int next(long[] keys, int[] targets, int mask, int state, char c) {
        long key = key(state, c);
        int slot = slot(key, mask);
        while (true) {
            long stored = keys[slot];
            if (stored == key) {
                return targets[slot];
            }
            if (stored == EMPTY) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    private static int slot(long key, int mask) {
        return (int) (TextHashing.mix(key) & mask);
    }

    static String fold(String phrase) {
        StringBuilder folded = new StringBuilder(phrase.length());
        for (int i = 0; i < phrase.length(); i++) {
            folded.append(CaseFold.lower(phrase.charAt(i)));
        }
        return folded.toString();
    }
}
