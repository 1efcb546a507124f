package org.distillguard.features;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

/**
 * The features of a state row that read its frequent-items sketches and its vectors, in one call: the template counts,
 * the distinct shingles the MinHash signature estimates, the capability entropy and the commonest system prompt's
 * count.
 *
 * <p>The same values come from Spark's {@code approx_top_k_estimate} and lambda functions ({@code filter},
 * {@code aggregate}) over the state's arrays (a test compares them on simulated states), with one difference: Spark
 * lists the requests without a system prompt as a null item, which counted as the commonest system prompt when they
 * outnumbered it; the sketch here holds only the prompts' hashes (the null count is kept apart in the state's
 * trailing bytes). Spark evaluates those
 * lambdas without generated code, reading every element through a path that looks up the SQL configuration, and
 * builds a row per frequent item: in a profile of the 7- and 28-day windows they were about a fifth of the samples.
 * Here each sketch is read once and each array walked once, in the order Spark's {@code aggregate} adds, so the
 * doubles are the same to the last bit.
 */
final class SketchFeaturesFunction implements UDF5<byte[], byte[], byte[], Seq<Integer>, Seq<Long>, Row> {

    private static final long serialVersionUID = 1L;
    private static final double LN_2 = StrictMath.log(2);

    /** Requests in the head templates seen at least twice (null without a head sketch). */
    static final String HEAD_SHARED = "head_shared";
    static final String TAIL_SHARED = "tail_shared";
    /** Head templates seen at least twice. */
    static final String DISTINCT_TEMPLATES = "distinct_templates";
    /** Distinct shingles estimated from the one-permutation MinHash signature. */
    static final String DISTINCT_SHINGLES = "distinct_shingles";
    static final String CAPABILITY_ENTROPY = "capability_entropy";
    /** Requests with the commonest system prompt (null when no request had one). */
    static final String TOP_SYSTEM_PROMPT = "top_system_prompt";

    static final StructType SCHEMA = createStructType(List.of(
            createStructField(HEAD_SHARED, LongType, true),
            createStructField(TAIL_SHARED, LongType, true),
            createStructField(DISTINCT_TEMPLATES, IntegerType, true),
            createStructField(DISTINCT_SHINGLES, DoubleType, true),
            createStructField(CAPABILITY_ENTROPY, DoubleType, true),
            createStructField(TOP_SYSTEM_PROMPT, LongType, true)));

    private final int tracked;

    /** @param tracked the items {@code approx_top_k_estimate} would list from a template sketch (its k) */
    SketchFeaturesFunction(int tracked) {
        if (tracked < 1) {
            throw new IllegalArgumentException("Invalid template-tracked-items: " + tracked + " (expected at least 1)");
        }
        this.tracked = tracked;
    }

    /**
     * @param headTemplates the {@code sketch} field of the head-template state
     * @param tailTemplates the same for the tail templates
     * @param systemPrompts the same for the system prompt hashes
     * @param signature the MinHash signature's bins
     * @param capabilityHits prompts per capability
     */
    @Override
    public Row call(byte[] headTemplates, byte[] tailTemplates, byte[] systemPrompts, Seq<Integer> signature,
            Seq<Long> capabilityHits) {
        Long headShared = null;
        Integer distinctTemplates = null;
        if (headTemplates != null) {
            long[] shared = shared(headTemplates, tracked);
            headShared = shared[0];
            distinctTemplates = (int) shared[1];
        }
        Long tailShared = tailTemplates == null ? null : shared(tailTemplates, tracked)[0];
        Long topSystemPrompt = null;
        if (systemPrompts != null) {
            ItemsSketch.Row<Long>[] items = frequent(systemPrompts);
            topSystemPrompt = items.length == 0 ? null : items[0].getEstimate();
        }
        return RowFactory.create(headShared, tailShared, distinctTemplates, distinctShingles(signature),
                capabilityEntropy(capabilityHits), topSystemPrompt);
    }

    /**
     * The sum of the estimates of the items seen at least twice, and their number, among the first {@code k} items
     * {@code approx_top_k_estimate(state, k)} lists.
     */
    private static long[] shared(byte[] state, int k) {
        ItemsSketch.Row<Long>[] items = frequent(state);
        long total = 0;
        long count = 0;
        for (int i = 0; i < Math.min(items.length, k); i++) {
            long estimate = items[i].getEstimate();
            if (estimate >= 2) {
                total += estimate;
                count++;
            }
        }
        return new long[] {total, count};
    }

    /** The items {@code approx_top_k_estimate} lists, in its order (largest estimate first). */
    private static ItemsSketch.Row<Long>[] frequent(byte[] state) {
        return LongTopKCombiner.Sketch.fromState(state).items().getFrequentItems(ErrorType.NO_FALSE_POSITIVES);
    }

    /**
     * {@code n ln(n / empty)} when some of the {@code n} bins are empty, else {@code n (n - 1) / Σ v / 2^31} over the
     * bins' minima: the one-permutation MinHash estimate the vocabulary growth divides by the shingles.
     */
    static Double distinctShingles(Seq<Integer> signature) {
        if (signature == null) {
            return null;
        }
        int bins = PromptAnalyzer.SIGNATURE_SIZE;
        int empty = 0;
        double occupied = 0D;
        for (int i = 0; i < signature.size(); i++) {
            Integer v = signature.apply(i);
            if (v == null) {
                continue;
            }
            if (v == PromptAnalyzer.EMPTY_BIN) {
                empty++;
            } else {
                occupied = occupied + v / 2147483648D;
            }
        }
        if (empty > 0) {
            return bins * StrictMath.log((double) bins / empty);
        }
        return bins * (bins - 1) / occupied;
    }

    /** Entropy in bits of the prompts' spread over the capabilities (0 with no hits; null if any count is null). */
    static Double capabilityEntropy(Seq<Long> hits) {
        if (hits == null) {
            return null;
        }
        long total = 0;
        for (int i = 0; i < hits.size(); i++) {
            Long x = hits.apply(i);
            if (x == null) {
                return null;
            }
            total += x;
        }
        if (total == 0) {
            return 0D;
        }
        double entropy = 0D;
        for (int i = 0; i < hits.size(); i++) {
            long x = hits.apply(i);
            if (x > 0) {
                double p = (double) x / total;
                entropy = entropy + -p * (StrictMath.log(p) / LN_2);
            }
        }
        return entropy;
    }
}
