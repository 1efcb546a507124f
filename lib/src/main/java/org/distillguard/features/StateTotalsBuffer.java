package org.distillguard.features;

/**
 * {@link StateTotalsMerger}'s buffer: the integral values and presence bits of {@link StateTotals} (its fractional
 * values stay empty), and the fractional columns as {@link ExactSums}, so that a window's sums do not depend on the
 * order Spark merges its partial buffers in. A Java bean so that Spark encodes it as a struct.
 */
public class StateTotalsBuffer extends StateTotals {

    private static final long serialVersionUID = 1L;

    private long[] sums;

    /** For the encoder. */
    public StateTotalsBuffer() {}

    StateTotalsBuffer(int longCount, int doubleCount) {
        super(longCount, 0);
        this.sums = ExactSums.create(doubleCount);
    }

    public long[] getSums() {
        return sums;
    }

    public void setSums(long[] sums) {
        this.sums = sums;
    }
}
