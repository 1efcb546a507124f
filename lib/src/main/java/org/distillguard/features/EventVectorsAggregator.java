package org.distillguard.features;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The day's aggregation of everything per event that adds, counts, bounds or ORs: requests per hour of day and per
 * capability, the minimum of each MinHash bin, and the account-day's counts, sums, extremes and bit sets
 * ({@link DayVectors}), in one buffer.
 *
 * <p>The same values came from about 130 scalar aggregates (24 hour counts, 64 bin minima, one count per capability,
 * then some 35 counts and sums), each of which Spark creates, updates and serializes as its own buffer field for every
 * group of every task. Each event's input is the vector the text function packs ({@link #pack}).
 */
final class EventVectorsAggregator extends Aggregator<byte[], DayVectors, DayVectors> {

    private static final long serialVersionUID = 1L;

    /** One event's values besides its hour, capability bits and MinHash bins; reused by the packing caller. */
    static final class Event {
        static final int INPUT_TOKENS = 0;
        static final int OUTPUT_TOKENS = 1;
        static final int REASONING_TOKENS = 2;
        static final int TOP_LOGPROBS = 3;
        static final int COMPLETIONS = 4;
        static final int SHINGLES = 5;
        static final int SECRETS = 6;
        static final int SECONDS = 7;
        static final int CREATED_SECONDS = 8;
        static final int LONGS = 9;

        static final int PROMPT_CHARS = 0;
        static final int LEXICAL_ENTROPY = 1;
        static final int TEMPERATURE = 2;
        static final int DOUBLES = 3;

        // Flags: what the event counts towards.
        static final int RATE_LIMITED = 1;
        static final int ERROR = 1 << 1;
        static final int EMPTY_PROMPT = 1 << 2;
        static final int SYSTEM_PROMPT = 1 << 3;
        static final int COT = 1 << 4;
        static final int LOGPROBS = 1 << 5;
        static final int MULTI_COMPLETION = 1 << 6;
        /** The event has a temperature (its value is then {@link #TEMPERATURE}). */
        static final int HAS_TEMPERATURE = 1 << 7;
        static final int NEAR_LIMIT = 1 << 8;
        static final int EFFORT_HIGH = 1 << 9;
        static final int SINGLE_TURN = 1 << 10;
        static final int FOLLOW_UP = 1 << 11;
        static final int STRUCTURED_PAIR = 1 << 12;
        /** The event's secret counts are known (its total is then {@link #SECRETS}). */
        static final int HAS_SECRETS = 1 << 13;
        static final int SECRET_REQUEST = 1 << 14;
        /** The event has a timestamp ({@link #SECONDS}). */
        static final int HAS_SECONDS = 1 << 15;
        /** The event has its account's creation time ({@link #CREATED_SECONDS}). */
        static final int HAS_CREATED = 1 << 16;
        /** The total each flag bit counts into, by bit. */
        static final int[] FLAG_TOTALS = {
            DayVectors.T_RATE_LIMITED, DayVectors.T_ERRORS, DayVectors.T_EMPTY_PROMPTS,
            DayVectors.T_SYSTEM_PROMPT_REQUESTS, DayVectors.T_COT_PROMPTS, DayVectors.T_LOGPROBS,
            DayVectors.T_MULTI_COMPLETION, DayVectors.T_TEMPERATURES, DayVectors.T_NEAR_LIMIT, DayVectors.T_EFFORT_HIGH,
            DayVectors.T_SINGLE_TURN, DayVectors.T_FOLLOW_UP, DayVectors.T_STRUCTURED_PAIR, DayVectors.T_SECRETS_KNOWN,
            DayVectors.T_SECRET_REQUESTS, DayVectors.T_SECONDS_KNOWN, DayVectors.T_CREATED_KNOWN,
        };

        /** The hour of day (0-23), or null: counted in no hour. */
        Integer hour;
        int capabilityMask;
        int[] signature = new int[PromptAnalyzer.SIGNATURE_SIZE];
        int flags;
        int languageMask;
        int cotMask;
        final long[] longs = new long[LONGS];
        final double[] doubles = new double[DOUBLES];

        Event() {
            java.util.Arrays.fill(signature, PromptAnalyzer.EMPTY_BIN);
        }
    }

    private static final int BINS = 5;
    private static final int FLAGS = BINS + 4 * PromptAnalyzer.SIGNATURE_SIZE;
    private static final int LANGUAGE_MASK = FLAGS + 4;
    private static final int COT_MASK = LANGUAGE_MASK + 4;
    private static final int LONGS = COT_MASK + 4;
    private static final int DOUBLES = LONGS + 8 * Event.LONGS;
    /** Bytes of one event's packed input: the hour, the capability bits, the bins, the flags, two masks, the values. */
    static final int PACKED_BYTES = DOUBLES + 8 * Event.DOUBLES;

    /** The packed hour of an event without a timestamp hour: counted in no hour. */
    static final byte NO_HOUR = -1;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private final int capabilityCount;

    EventVectorsAggregator(int capabilityCount) {
        this.capabilityCount = VectorAggregation.requireCapabilityCount(capabilityCount);
    }

    /** One event's input. */
    static byte[] pack(Event event) {
        byte[] packed = new byte[PACKED_BYTES];
        Integer hour = event.hour;
        packed[0] = hour == null || hour < 0 || hour > 23 ? NO_HOUR : (byte) (int) hour;
        INT.set(packed, 1, event.capabilityMask);
        for (int bin = 0; bin < PromptAnalyzer.SIGNATURE_SIZE; bin++) {
            INT.set(packed, BINS + 4 * bin, event.signature[bin]);
        }
        INT.set(packed, FLAGS, event.flags);
        INT.set(packed, LANGUAGE_MASK, event.languageMask);
        INT.set(packed, COT_MASK, event.cotMask);
        for (int i = 0; i < Event.LONGS; i++) {
            LONG.set(packed, LONGS + 8 * i, event.longs[i]);
        }
        for (int i = 0; i < Event.DOUBLES; i++) {
            DOUBLE.set(packed, DOUBLES + 8 * i, event.doubles[i]);
        }
        return packed;
    }

    @Override
    public DayVectors zero() {
        return new DayVectors(capabilityCount);
    }

    @Override
    public DayVectors reduce(DayVectors buffer, byte[] event) {
        if (event == null) {
            return buffer;
        }
        if (event.length != PACKED_BYTES) {
            throw new IllegalArgumentException("a packed event vector has " + PACKED_BYTES + " bytes, this one "
                    + event.length);
        }
        int hour = event[0];
        if (hour >= 0) {
            buffer.getHours()[hour]++;
        }
        int mask = (int) INT.get(event, 1);
        long[] capabilities = buffer.getCapabilities();
        for (int capability = 0; capability < capabilities.length; capability++) {
            if ((mask & (1 << capability)) != 0) {
                capabilities[capability]++;
            }
        }
        int[] signature = buffer.getSignature();
        for (int bin = 0; bin < signature.length; bin++) {
            int value = (int) INT.get(event, BINS + 4 * bin);
            if (value < signature[bin]) {
                signature[bin] = value;
            }
        }
        long[] totals = buffer.getTotals();
        totals[DayVectors.T_REQUESTS]++;
        totals[DayVectors.T_INPUT_TOKENS] += value(event, Event.INPUT_TOKENS);
        totals[DayVectors.T_OUTPUT_TOKENS] += value(event, Event.OUTPUT_TOKENS);
        totals[DayVectors.T_REASONING_TOKENS] += value(event, Event.REASONING_TOKENS);
        totals[DayVectors.T_TOP_LOGPROBS] += value(event, Event.TOP_LOGPROBS);
        totals[DayVectors.T_COMPLETIONS] += value(event, Event.COMPLETIONS);
        totals[DayVectors.T_SHINGLES] += value(event, Event.SHINGLES);
        int flags = (int) INT.get(event, FLAGS);
        for (int rest = flags; rest != 0; rest &= rest - 1) {
            totals[Event.FLAG_TOTALS[Integer.numberOfTrailingZeros(rest)]]++;
        }
        if ((flags & Event.HAS_SECRETS) != 0) {
            totals[DayVectors.T_SECRETS] += value(event, Event.SECRETS);
        }
        if ((flags & Event.HAS_SECONDS) != 0) {
            long seconds = value(event, Event.SECONDS);
            totals[DayVectors.T_FIRST_SECONDS] = Math.min(totals[DayVectors.T_FIRST_SECONDS], seconds);
            totals[DayVectors.T_LAST_SECONDS] = Math.max(totals[DayVectors.T_LAST_SECONDS], seconds);
        }
        if ((flags & Event.HAS_CREATED) != 0) {
            totals[DayVectors.T_CREATED_SECONDS] = Math.min(totals[DayVectors.T_CREATED_SECONDS],
                    value(event, Event.CREATED_SECONDS));
        }
        long[] sums = buffer.getSums();
        double chars = measure(event, Event.PROMPT_CHARS);
        ExactSums.add(sums, DayVectors.M_PROMPT_CHARS, chars);
        ExactSums.add(sums, DayVectors.M_PROMPT_CHARS_SQUARED, chars * chars);
        ExactSums.add(sums, DayVectors.M_LEXICAL_ENTROPY, measure(event, Event.LEXICAL_ENTROPY));
        if ((flags & Event.HAS_TEMPERATURE) != 0) {
            double temperature = measure(event, Event.TEMPERATURE);
            ExactSums.add(sums, DayVectors.M_TEMPERATURE_SUM, temperature);
            ExactSums.add(sums, DayVectors.M_TEMPERATURE_SQUARED, temperature * temperature);
        }
        int[] masks = buffer.getMasks();
        masks[DayVectors.K_LANGUAGE] |= (int) INT.get(event, LANGUAGE_MASK);
        masks[DayVectors.K_CAPABILITY] |= mask;
        masks[DayVectors.K_COT_LANGUAGE] |= (int) INT.get(event, COT_MASK);
        return buffer;
    }

    private static long value(byte[] event, int index) {
        return (long) LONG.get(event, LONGS + 8 * index);
    }

    private static double measure(byte[] event, int index) {
        return (double) DOUBLE.get(event, DOUBLES + 8 * index);
    }

    @Override
    public DayVectors merge(DayVectors left, DayVectors right) {
        return DayVectors.mergeTotals(VectorAggregation.mergeVectors(left, right), right);
    }

    @Override
    public DayVectors finish(DayVectors buffer) {
        return buffer.finishMeasures();
    }

    @Override
    public Encoder<DayVectors> bufferEncoder() {
        return Encoders.bean(DayVectors.class);
    }

    @Override
    public Encoder<DayVectors> outputEncoder() {
        return Encoders.bean(DayVectors.class);
    }

    /**
     * Merges stored vectors (the rolling windows): the input is the three state arrays, in the bean's column order
     * (capabilities, hours, signature).
     */
    static final class Merger extends VectorAggregation<EventVectors> {

        private static final long serialVersionUID = 1L;

        Merger(int capabilityCount) {
            super(capabilityCount);
        }

        @Override
        public EventVectors reduce(EventVectors buffer, EventVectors stored) {
            if (stored == null || (stored.getHours() == null && stored.getSignature() == null
                    && stored.getCapabilities() == null)) {
                return buffer;
            }
            if (stored.getHours() == null || stored.getSignature() == null || stored.getCapabilities() == null) {
                throw new IllegalArgumentException("A stored feature state lacks its hour, signature or capability"
                        + " vector: recompute that date's features from its events");
            }
            return merge(buffer, stored);
        }
    }
}
