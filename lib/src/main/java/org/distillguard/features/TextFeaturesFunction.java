package org.distillguard.features;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF7;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.FeatureConfig;

/**
 * The per-event user function of the feature stage: the text analysis of a request's prompt and response, for which
 * Spark has no built-in, and the packing of the event's vector ({@link EventVectorsAggregator#pack}): its hour,
 * capability bits and MinHash bins, and what it counts towards, sums and bounds in the day's state. Each task
 * deserializes its own copy and builds one {@link PromptAnalyzer} on first use, whose buffers every row then reuses.
 *
 * <p>What the event's own columns count towards arrives as flags Spark computes ({@link DailyState#eventFlags}: a null
 * condition counts nothing), and what they add as one struct ({@link DailyState#eventValues}: a null value adds
 * nothing); the text analysis adds its own flags and values, and the secret counts their total.
 */
final class TextFeaturesFunction implements UDF7<String, String, Integer, Integer, Integer, Row, scala.collection.Seq<?>, Row> {

    private static final long serialVersionUID = 1L;

    static final String NEAR_DUPLICATE_KEY = "near_duplicate_key";
    static final String TEMPLATE_HEAD = "template_head";
    static final String TEMPLATE_TAIL = "template_tail";
    static final String SKELETON = "skeleton";
    static final String VECTOR = "vector";
    static final String PROMPT_REUSE_KEY = "prompt_reuse_key";
    static final String RESPONSE_KEY = "response_key";

    /**
     * What the day's aggregates read, and nothing else: each field costs Spark a conversion per event. The prompt's
     * length, words, shingles, entropy, masks and cues reach the state through the packed {@link #VECTOR}.
     */
    static final StructType SCHEMA = createStructType(List.of(
            createStructField(NEAR_DUPLICATE_KEY, LongType, false),
            createStructField(TEMPLATE_HEAD, LongType, false),
            createStructField(TEMPLATE_TAIL, LongType, false),
            createStructField(SKELETON, BinaryType, false), // UTF-8, read back as a string
            createStructField(VECTOR, BinaryType, false),
            createStructField(PROMPT_REUSE_KEY, LongType, true),
            createStructField(RESPONSE_KEY, LongType, true)));

    private final FeatureConfig config;
    private final Lexicons lexicons;
    private final int toolBit;
    private transient PromptAnalyzer analyzer;
    private transient EventVectorsAggregator.Event event;

    TextFeaturesFunction(FeatureConfig config, Lexicons lexicons) {
        this.config = config;
        this.lexicons = lexicons;
        int tool = lexicons.capabilityNames().indexOf("tool-use");
        this.toolBit = tool < 0 ? 0 : 1 << tool;
    }

    /**
     * @param hour the event's hour of day (in the session time zone, UTC by default), for the packed vector
     * @param toolCount the request's tool definitions: any marks the prompt as tool use
     * @param flags the event's {@link EventVectorsAggregator.Event} flags from its columns
     * @param values the event's values from its columns, in {@link EventVectorsAggregator.Event}'s order of longs and
     *     then doubles
     * @param secretCounts the values of the event's secret counts, null when there are none (the flags then tell
     *     whether they are known, {@link EventVectorsAggregator.Event#HAS_SECRETS})
     */
    @Override
    public Row call(String prompt, String response, Integer hour, Integer toolCount, Integer flags, Row values,
            scala.collection.Seq<?> secretCounts) {
        if (analyzer == null) {
            analyzer = new PromptAnalyzer(config, lexicons);
            event = new EventVectorsAggregator.Event();
        }
        analyzer.analyze(prompt);
        long promptKey = analyzer.promptReuseKey();
        long responseKey = analyzer.responseKey(response);
        int chars = analyzer.codePoints();
        int capabilityMask = analyzer.capabilityMask() | (toolCount != null && toolCount > 0 ? toolBit : 0);
        EventVectorsAggregator.Event e = event;
        e.hour = hour;
        e.capabilityMask = capabilityMask;
        e.signature = analyzer.signature();
        e.languageMask = analyzer.languageMask();
        e.cotMask = analyzer.cotMask();
        int all = flags == null ? 0 : flags;
        all |= analyzer.wordCount() == 0 ? EventVectorsAggregator.Event.EMPTY_PROMPT : 0;
        all |= analyzer.cotMask() != 0 ? EventVectorsAggregator.Event.COT : 0;
        all |= analyzer.followUp() ? EventVectorsAggregator.Event.FOLLOW_UP : 0;
        all |= analyzer.structuredPair() ? EventVectorsAggregator.Event.STRUCTURED_PAIR : 0;
        long secrets = secretTotal(secretCounts);
        if (secrets == UNKNOWN) {
            all &= ~EventVectorsAggregator.Event.HAS_SECRETS; // as SQL's sum, null for a null count
        } else if (secrets > 0) { // counts only come with a map, so they are known
            all |= EventVectorsAggregator.Event.SECRET_REQUEST;
        }
        e.flags = all;
        long[] longs = e.longs;
        for (int i = 0; i < EventVectorsAggregator.Event.LONGS; i++) {
            longs[i] = values == null || values.isNullAt(i) ? 0L : values.getLong(i);
        }
        longs[EventVectorsAggregator.Event.SHINGLES] = analyzer.shingleCount();
        longs[EventVectorsAggregator.Event.SECRETS] = (all & EventVectorsAggregator.Event.HAS_SECRETS) != 0 ? secrets : 0L;
        double[] doubles = e.doubles;
        for (int i = 0; i < EventVectorsAggregator.Event.DOUBLES; i++) {
            int field = EventVectorsAggregator.Event.LONGS + i;
            doubles[i] = values == null || values.isNullAt(field) ? 0.0 : values.getDouble(field);
        }
        doubles[EventVectorsAggregator.Event.PROMPT_CHARS] = chars;
        doubles[EventVectorsAggregator.Event.LEXICAL_ENTROPY] = analyzer.lexicalEntropy();
        return RowFactory.create(analyzer.nearDuplicateKey(), analyzer.templateHead(), analyzer.templateTail(),
                analyzer.skeletonUtf8(), EventVectorsAggregator.pack(e), promptKey == 0L ? null : promptKey,
                responseKey == 0L ? null : responseKey);
    }

    /** {@link #secretTotal}'s answer for counts that are not known. */
    static final long UNKNOWN = Long.MIN_VALUE;

    /**
     * The event's redacted secrets, all kinds together (0 for no counts, null); {@link #UNKNOWN} for a null count
     * among them (SQL's sum of the values is null then).
     */
    static long secretTotal(scala.collection.Seq<?> counts) {
        if (counts == null) {
            return 0L;
        }
        long total = 0L;
        int size = counts.length();
        for (int i = 0; i < size; i++) {
            Object count = counts.apply(i);
            if (count == null) {
                return UNKNOWN;
            }
            total += ((Number) count).longValue();
        }
        return total;
    }
}
