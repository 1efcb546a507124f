package org.distillguard.features;

import java.math.BigInteger;

/**
 * Sums of doubles whose result does not depend on the order of the additions, for the few fractional sums of the
 * feature states (prompt characters and their squares, lexical entropy, temperature and its square).
 *
 * <p>Spark merges partial aggregation buffers in whatever order the shuffle delivers them, so a plain double sum
 * could differ in its last bits between two runs over the same events, and so could every feature and score computed
 * from it. Here each value is added as a 128-bit fixed-point number with 64 fraction bits: a double of magnitude at
 * least 2<sup>-12</sup> is represented exactly, a smaller one is first truncated (towards zero) to a multiple of
 * 2<sup>-64</sup>, always the same way for the same value. Integer addition is associative, so any order gives the
 * same total, and {@link #value} rounds that total to the nearest double.
 *
 * <p>Each sum takes {@link #SLOTS} longs of an array: the high and low words of the fixed-point total, and the raw
 * bits of a plain double sum that takes what the fixed point cannot: values that are not finite or not below
 * 2<sup>62</sup> in magnitude, and additions that would carry the total beyond &plusmn;2<sup>63</sup> (about
 * 9.2&times;10<sup>18</sup>; for instance the squared prompt characters of 28 days at a million requests a day of
 * 570,000 characters each). Only that part still depends on the order.
 */
final class ExactSums {

    /** Longs per sum. */
    static final int SLOTS = 3;

    private static final int FRACTION_BITS = 64;
    private static final double LIMIT = 0x1p62;

    private ExactSums() {}

    /** An array for {@code count} sums, each 0. */
    static long[] create(int count) {
        return new long[count * SLOTS]; // the raw bits of 0.0 are 0
    }

    /** Adds {@code x} to sum {@code index} of {@code sums}. */
    static void add(long[] sums, int index, double x) {
        if (x == 0.0) {
            return;
        }
        int at = index * SLOTS;
        if (!(Math.abs(x) < LIMIT)) { // also NaN
            addOutside(sums, at, x);
            return;
        }
        // x = mantissa * 2^(exponent - 52); in units of 2^-64 that is mantissa * 2^shift.
        int shift = Math.getExponent(x) - 52 + FRACTION_BITS;
        if (shift <= -64) { // entirely below the fixed point's last bit (subnormals included)
            return;
        }
        long mantissa = (Double.doubleToRawLongBits(x) & 0x000F_FFFF_FFFF_FFFFL) | 1L << 52;
        long high;
        long low;
        if (shift <= 0) {
            high = 0L;
            low = mantissa >>> -shift;
        } else if (shift < 64) {
            high = mantissa >>> (64 - shift);
            low = mantissa << shift;
        } else {
            high = mantissa << (shift - 64);
            low = 0L;
        }
        if (x < 0) { // two's complement of the 128-bit value
            low = -low;
            high = low == 0L ? -high : ~high;
        }
        if (!addFixed(sums, at, high, low)) {
            addOutside(sums, at, x);
        }
    }

    /** Adds every sum of {@code from} to the same sum of {@code into} (arrays of the same number of sums). */
    static void addAll(long[] into, long[] from) {
        if (into.length != from.length || into.length % SLOTS != 0) {
            throw new IllegalArgumentException("Cannot add exact sums of different sizes: " + into.length + " and "
                    + from.length + " longs");
        }
        for (int at = 0; at < into.length; at += SLOTS) {
            if (!addFixed(into, at, from[at], from[at + 1])) {
                addOutside(into, at, fixedValue(from[at], from[at + 1]));
            }
            addOutside(into, at, Double.longBitsToDouble(from[at + 2]));
        }
    }

    /** Sum {@code index} of {@code sums}, rounded to the nearest double. */
    static double value(long[] sums, int index) {
        int at = index * SLOTS;
        double outside = Double.longBitsToDouble(sums[at + 2]);
        double fixed = fixedValue(sums[at], sums[at + 1]);
        return outside == 0.0 ? fixed : fixed + outside;
    }

    private static double fixedValue(long high, long low) {
        if (high == 0L && low >= 0L) {
            return Math.scalb((double) low, -FRACTION_BITS); // low < 2^63 converts to double with one rounding
        }
        BigInteger unsignedLow = BigInteger.valueOf(low & Long.MAX_VALUE);
        if (low < 0) {
            unsignedLow = unsignedLow.setBit(63);
        }
        BigInteger total = BigInteger.valueOf(high).shiftLeft(64).add(unsignedLow);
        // BigInteger.doubleValue rounds to nearest; scaling by a power of two is exact here (no result is subnormal).
        return Math.scalb(total.doubleValue(), -FRACTION_BITS);
    }

    /** Adds the 128-bit value to the fixed-point total at {@code at}; false, with nothing changed, on overflow. */
    private static boolean addFixed(long[] sums, int at, long high, long low) {
        long oldLow = sums[at + 1];
        long newLow = oldLow + low;
        long carry = Long.compareUnsigned(newLow, oldLow) < 0 ? 1L : 0L;
        long oldHigh = sums[at];
        long partial = oldHigh + high;
        // Signed overflow of the high word, in two steps: the sum of the words overflowed, or adding the carry to
        // it did (only from Long.MAX_VALUE). Both at once cancel: the total, one below Long.MIN_VALUE before the
        // carry, is Long.MIN_VALUE after it.
        boolean wordsOverflowed = ((oldHigh ^ partial) & (high ^ partial)) < 0;
        boolean carryOverflowed = carry == 1L && partial == Long.MAX_VALUE;
        if (wordsOverflowed != carryOverflowed) {
            return false;
        }
        long newHigh = partial + carry;
        sums[at] = newHigh;
        sums[at + 1] = newLow;
        return true;
    }

    private static void addOutside(long[] sums, int at, double x) {
        if (x != 0.0 || Double.isNaN(x)) {
            sums[at + 2] = Double.doubleToRawLongBits(Double.longBitsToDouble(sums[at + 2]) + x);
        }
    }
}
