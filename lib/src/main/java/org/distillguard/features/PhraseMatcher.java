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
 * fly and allocating nothing. For ASCII characters, the bulk of most prompts, every state has a dense row of 128
 * resolved transitions (failure links already followed), so a character costs one array read; other characters go
 * through an open-addressing table keyed by (state, char) and the failure links.
 */
public final class PhraseMatcher implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long EMPTY = -1L;
    /** Most states the dense ASCII table may hold (128 ints each: 64 MB at the limit). */
    static final int MAX_STATES = 1 << 17;

    private final long[] keys;
    private final int[] targets;
    private final int mask;
    private final int[] failure;
    private final long[] output;
    /** {@code ascii[state << 7 | c]}: the state after reading ASCII character c (already lower-case) in state. */
    private final int[] ascii;
    /** Bit set of the characters that occur in some phrase: any other character sends every state to the root. */
    private final long[] alphabet = new long[1 << 10];

    private PhraseMatcher(long[] keys, int[] targets, int[] failure, long[] output, int[] breadthFirst) {
        this.keys = keys;
        this.targets = targets;
        this.mask = keys.length - 1;
        this.failure = failure;
        this.output = output;
        for (long key : keys) {
            if (key != EMPTY) {
                char c = (char) key;
                alphabet[c >>> 6] |= 1L << c;
            }
        }
        this.ascii = new int[failure.length << 7];
        // Breadth-first, so a state's failure state (shallower) has its row filled before the state itself.
        for (int state : breadthFirst) {
            for (char c = 0; c < 128; c++) {
                int next = next(state, c);
                ascii[state << 7 | c] = next >= 0 ? next : state == 0 ? 0 : ascii[failure[state] << 7 | c];
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
            char c = text.charAt(i);
            if (c < 128) {
                if (c >= 'A' && c <= 'Z') {
                    c = (char) (c + ('a' - 'A'));
                }
                state = ascii[state << 7 | c];
            } else {
                c = Character.toLowerCase(c);
                if ((alphabet[c >>> 6] & (1L << c)) == 0) {
                    state = 0;
                    continue;
                }
                int next = next(state, c);
                while (next < 0 && state != 0) {
                    state = failure[state];
                    next = next(state, c);
                }
                state = next < 0 ? 0 : next;
            }
            found |= output[state];
        }
        return found;
    }

    private int next(int state, char c) {
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
            folded.append(Character.toLowerCase(phrase.charAt(i)));
        }
        return folded.toString();
    }
}
