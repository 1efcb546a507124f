package org.distillguard.features;

import java.io.Serializable;

/**
 * {@link StateTotalsMerger}'s buffer: the integral values and presence bits as in {@link StateTotals}, and the
 * fractional columns as {@link ExactSums}, so that a window's sums do not depend on the order Spark merges its
 * partial buffers in. A Java bean so that Spark encodes it as a struct of two arrays and a long.
 */
public class StateTotalsBuffer implements Serializable {

    private static final long serialVersionUID = 1L;

    private long[] longs;
    private long present;
    private long[] sums;

    /** For the encoder. */
    public StateTotalsBuffer() {}

    StateTotalsBuffer(int longCount, int doubleCount) {
        this.longs = new long[longCount];
        this.sums = ExactSums.create(doubleCount);
    }

    public long[] getLongs() {
        return longs;
    }

    public void setLongs(long[] longs) {
        this.longs = longs;
    }

    public long getPresent() {
        return present;
    }

    public void setPresent(long present) {
        this.present = present;
    }

    public long[] getSums() {
        return sums;
    }

    public void setSums(long[] sums) {
        this.sums = sums;
    }
}
