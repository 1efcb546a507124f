package org.distillguard.simulate;

import java.util.SplittableRandom;

/**
 * Derives independent seeds from the simulation seed and coordinates (account, day, …), so that each account-day
 * stream is random on its own and the output does not depend on the order streams are consumed in.
 */
final class Seeds {

    private Seeds() {
    }

    /** SplitMix64 finalizer over the parts, combined in order. */
    static long mix(long... parts) {
        long state = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            state = finalize(state ^ finalize(part + 0x9E3779B97F4A7C15L));
        }
        return state;
    }

    static SplittableRandom random(long... parts) {
        return new SplittableRandom(mix(parts));
    }

    private static long finalize(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Lower-case hex of {@code digits} random nibbles, for opaque identifiers. */
    static String hex(SplittableRandom random, int digits) {
        char[] characters = new char[digits];
        for (int index = 0; index < digits; index++) {
            characters[index] = Character.forDigit(random.nextInt(16), 16);
        }
        return new String(characters);
    }
}
