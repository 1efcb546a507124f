package org.distillguard.features;

import java.io.Serializable;

/**
 * The plain columns of stored daily states as the window merge carries them: their integral values, their fractional
 * values, and which of them are present (bit {@code i} for column {@code i}, the integral columns first). A Java bean
 * so that Spark encodes it as a struct of two arrays and a long. A null column travels as 0 with its bit clear, so the
 * merge can give null where SQL's sum, min, max or bit_or of no value would.
 */
public class StateTotals implements Serializable {

    private static final long serialVersionUID = 1L;

    private double[] doubles;
    private long[] longs;
    private long present;

    /** For the encoder. */
    public StateTotals() {}

    StateTotals(int longCount, int doubleCount) {
        this.longs = new long[longCount];
        this.doubles = new double[doubleCount];
    }

    public double[] getDoubles() {
        return doubles;
    }

    public void setDoubles(double[] doubles) {
        this.doubles = doubles;
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
}
