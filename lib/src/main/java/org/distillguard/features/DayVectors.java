package org.distillguard.features;

import java.util.Arrays;

/**
 * The day aggregation's one buffer ({@link EventVectorsAggregator}): the three vectors, plus the account-day's
 * counts, sums and extremes ({@link #getTotals}, indexed by the {@code T_} constants), sums of doubles
 * ({@link #getSums} while aggregating, as {@link ExactSums} so that they do not depend on the order of Spark's merges;
 * {@link #getMeasures} once finished; the {@code M_} constants) and OR-ed bit sets ({@link #getMasks}, the {@code K_}
 * constants).
 *
 * <p>These were about thirty-five scalar aggregates of their own (counts, sums, minima, maxima, bit ORs). Spark gives
 * each its own buffer field and update expression for every group of every task, and builds each group's buffer row
 * field by field; one buffer of three more arrays costs a fraction of that.
 */
public final class DayVectors extends EventVectors {

    private static final long serialVersionUID = 1L;

    static final int T_REQUESTS = 0;
    static final int T_INPUT_TOKENS = 1;
    static final int T_OUTPUT_TOKENS = 2;
    static final int T_REASONING_TOKENS = 3;
    static final int T_RATE_LIMITED = 4;
    static final int T_ERRORS = 5;
    static final int T_EMPTY_PROMPTS = 6;
    static final int T_SHINGLES = 7;
    static final int T_SYSTEM_PROMPT_REQUESTS = 8;
    static final int T_COT_PROMPTS = 9;
    static final int T_LOGPROBS = 10;
    static final int T_TOP_LOGPROBS = 11;
    static final int T_MULTI_COMPLETION = 12;
    static final int T_COMPLETIONS = 13;
    static final int T_TEMPERATURES = 14;
    static final int T_NEAR_LIMIT = 15;
    static final int T_EFFORT_HIGH = 16;
    static final int T_SINGLE_TURN = 17;
    static final int T_FOLLOW_UP = 18;
    static final int T_STRUCTURED_PAIR = 19;
    static final int T_SECRETS = 20;
    /** Events whose secret counts were known (not null): SECRETS is null without any, as Spark's sum is. */
    static final int T_SECRETS_KNOWN = 21;
    static final int T_SECRET_REQUESTS = 22;
    /** Events with a timestamp: FIRST_SECONDS and LAST_SECONDS are null without any, as Spark's min and max are. */
    static final int T_SECONDS_KNOWN = 23;
    /** Events with an account creation time: CREATED_SECONDS is null without any. */
    static final int T_CREATED_KNOWN = 24;
    /** The totals from here on are extremes (minimum or maximum); those before it add. */
    static final int T_FIRST_SECONDS = 25;
    static final int T_LAST_SECONDS = 26;
    static final int T_CREATED_SECONDS = 27;
    static final int TOTALS = 28;

    static final int M_PROMPT_CHARS = 0;
    static final int M_PROMPT_CHARS_SQUARED = 1;
    static final int M_LEXICAL_ENTROPY = 2;
    static final int M_TEMPERATURE_SUM = 3;
    static final int M_TEMPERATURE_SQUARED = 4;
    static final int MEASURES = 5;

    static final int K_LANGUAGE = 0;
    static final int K_CAPABILITY = 1;
    static final int K_COT_LANGUAGE = 2;
    static final int MASKS = 3;

    private long[] totals;
    private long[] sums;
    /** Null while aggregating; the rounded {@link #sums} once finished ({@link #finishMeasures}). */
    private double[] measures;
    private int[] masks;

    /** For the encoder. */
    public DayVectors() {}

    DayVectors(int capabilityCount) {
        super(capabilityCount);
        this.totals = new long[TOTALS];
        totals[T_FIRST_SECONDS] = Long.MAX_VALUE;
        totals[T_LAST_SECONDS] = Long.MIN_VALUE;
        totals[T_CREATED_SECONDS] = Long.MAX_VALUE;
        this.sums = ExactSums.create(MEASURES);
        this.masks = new int[MASKS];
    }

    /** Adds {@code right}'s totals, measures and masks to {@code left}'s (its vectors are merged apart); {@code left}. */
    static DayVectors mergeTotals(DayVectors left, DayVectors right) {
        long[] totals = left.getTotals();
        long[] other = right.getTotals();
        if (other.length != TOTALS || right.getSums().length != MEASURES * ExactSums.SLOTS
                || right.getMasks().length != MASKS) {
            throw new IllegalArgumentException("Cannot merge day aggregation buffers of different sizes (totals "
                    + other.length + ", sums " + right.getSums().length + ", masks " + right.getMasks().length
                    + "; expected " + TOTALS + ", " + MEASURES * ExactSums.SLOTS + ", " + MASKS + ")");
        }
        for (int i = 0; i < T_FIRST_SECONDS; i++) {
            totals[i] += other[i];
        }
        totals[T_FIRST_SECONDS] = Math.min(totals[T_FIRST_SECONDS], other[T_FIRST_SECONDS]);
        totals[T_LAST_SECONDS] = Math.max(totals[T_LAST_SECONDS], other[T_LAST_SECONDS]);
        totals[T_CREATED_SECONDS] = Math.min(totals[T_CREATED_SECONDS], other[T_CREATED_SECONDS]);
        ExactSums.addAll(left.getSums(), right.getSums());
        int[] masks = left.getMasks();
        int[] otherMasks = right.getMasks();
        for (int i = 0; i < MASKS; i++) {
            masks[i] |= otherMasks[i];
        }
        return left;
    }

    public long[] getTotals() {
        return totals;
    }

    public void setTotals(long[] totals) {
        this.totals = totals;
    }

    /** Rounds the exact sums into {@link #getMeasures} (the sums stay, so the buffer can go on); {@code this}. */
    DayVectors finishMeasures() {
        double[] values = new double[MEASURES];
        for (int i = 0; i < MEASURES; i++) {
            values[i] = ExactSums.value(sums, i);
        }
        measures = values;
        return this;
    }

    public long[] getSums() {
        return sums;
    }

    public void setSums(long[] sums) {
        this.sums = sums;
    }

    public double[] getMeasures() {
        return measures;
    }

    public void setMeasures(double[] measures) {
        this.measures = measures;
    }

    public int[] getMasks() {
        return masks;
    }

    public void setMasks(int[] masks) {
        this.masks = masks;
    }

    @Override
    public String toString() {
        return "DayVectors" + Arrays.toString(totals);
    }
}
