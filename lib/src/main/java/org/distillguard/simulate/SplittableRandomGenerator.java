package org.distillguard.simulate;

import java.util.SplittableRandom;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A Commons Math random generator over a {@link SplittableRandom}. The per-account-day streams each need their own
 * generator; a Well19937c carries 2.5 KB of state, which times a hundred thousand accounts would be the largest
 * thing in memory, while this one carries two longs.
 */
final class SplittableRandomGenerator implements RandomGenerator {

    private SplittableRandom random;
    private double nextGaussian = Double.NaN;

    SplittableRandomGenerator(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public void setSeed(int seed) {
        setSeed((long) seed);
    }

    @Override
    public void setSeed(int[] seed) {
        long combined = 0;
        for (int part : seed) {
            combined = combined * 31 + part;
        }
        setSeed(combined);
    }

    @Override
    public void setSeed(long seed) {
        random = new SplittableRandom(seed);
        nextGaussian = Double.NaN;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return random.nextInt();
    }

    @Override
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }

    @Override
    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    @Override
    public float nextFloat() {
        return (float) random.nextDouble();
    }

    @Override
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Marsaglia's polar method; deterministic because the spare value is kept in this instance. */
    @Override
    public double nextGaussian() {
        if (!Double.isNaN(nextGaussian)) {
            double spare = nextGaussian;
            nextGaussian = Double.NaN;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * Math.log(s) / s);
        nextGaussian = v * factor;
        return u * factor;
    }
}
