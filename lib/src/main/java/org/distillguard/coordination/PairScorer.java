package org.distillguard.coordination;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.CoordinationConfig;

/**
 * The evidence of one candidate pair, computed in plain Java. Input row (as {@link Linking#scorePairs} lays it out):
 * source, destination and the two accounts' {@link PairProfile}s (signature, hourly vector, and per shared-key type
 * the hashed keys with their weights). Output: {@link #OUTPUT}.
 *
 * <ul>
 *   <li>shared-key strength: the largest weight of a key both accounts hold (0 when none);
 *   <li>signature similarity: bins where both MinHash signatures hold the same non-empty minimum, over bins where
 *       both are present and at least one is non-empty (an estimate of the Jaccard similarity of their prompts);
 *   <li>hour cosine: cosine of the two hourly activity vectors (0 when either is all zero);
 *   <li>near-duplicate counts only for a pair that shares an LSH bucket and whose similarity reaches its threshold, and
 *       is the similarity times the weight of the rarest bucket they share;
 *       synchrony only at or above its threshold; teacher split is the template strength of a pair whose prompts are
 *       nearly disjoint (similarity at or below its threshold);
 *   <li>edge score: the weighted sum of the strengths.
 * </ul>
 */
final class PairScorer implements Serializable {

    private static final long serialVersionUID = 1L;

    static final StructType OUTPUT = output();

    private final double[] weights;
    private final double nearDuplicateThreshold;
    private final double synchronyThreshold;
    private final double teacherSplitThreshold;
    /** Ordinals of the shared-key types, in the order of their input columns. */
    private final int[] sharedKeyOrdinals;

    PairScorer(CoordinationConfig config) {
        EdgeType[] types = EdgeType.values();
        weights = new double[types.length];
        for (EdgeType type : types) {
            weights[type.ordinal()] = type.rule(config).weight();
        }
        nearDuplicateThreshold = config.nearDuplicate().threshold();
        synchronyThreshold = config.synchrony().threshold();
        teacherSplitThreshold = config.teacherSplit().threshold();
        sharedKeyOrdinals = EdgeType.sharedKeyTypes().stream().mapToInt(EdgeType::ordinal).toArray();
    }

    /** Scores a pair row: source, destination, and the two accounts' {@link PairProfile} bytes. */
    Row score(Row row) {
        return score(row.get(0), row.get(1), PairProfile.decode((byte[]) row.get(2)),
                PairProfile.decode((byte[]) row.get(3)));
    }

    Row score(Object source, Object destination, PairProfile a, PairProfile b) {
        double[] strength = new double[weights.length];
        for (int i = 0; i < sharedKeyOrdinals.length; i++) {
            strength[sharedKeyOrdinals[i]] = sharedKeyStrength(a.keyHashes[i], a.keyWeights[i], b.keyHashes[i]);
        }
        double similarity = signatureSimilarity(a.signature, b.signature);
        double cosine = cosine(a.hours, b.hours);
        int nearDuplicate = EdgeType.NEAR_DUPLICATE.ordinal();
        // The rarest shared bucket's weight scales the similarity: two light accounts that asked one popular question
        // have near-identical signatures, but in a bucket that many accounts share.
        strength[nearDuplicate] = strength[nearDuplicate] > 0 && similarity >= nearDuplicateThreshold
                ? strength[nearDuplicate] * similarity : 0.0;
        strength[EdgeType.SYNCHRONY.ordinal()] = cosine >= synchronyThreshold ? cosine : 0.0;
        double template = strength[EdgeType.TEMPLATE.ordinal()];
        strength[EdgeType.TEACHER_SPLIT.ordinal()] = template > 0 && similarity <= teacherSplitThreshold ? template : 0.0;
        Object[] values = new Object[OUTPUT.size()];
        values[0] = source;
        values[1] = destination;
        double score = 0.0;
        for (int type = 0; type < weights.length; type++) {
            values[2 + type] = strength[type];
            score += strength[type] * weights[type];
        }
        values[2 + weights.length] = similarity;
        values[3 + weights.length] = cosine;
        values[4 + weights.length] = score;
        return RowFactory.create(values);
    }

    /**
     * The largest weight among the left keys that the right side holds too; 0 when they share none. Left keys with a
     * NaN (null) weight give nothing. {@code rightHashes} is sorted.
     */
    static double sharedKeyStrength(long[] leftHashes, double[] leftWeights, long[] rightHashes) {
        if (leftHashes.length == 0 || rightHashes.length == 0) {
            return 0.0;
        }
        double best = 0.0;
        for (int i = 0; i < leftHashes.length; i++) {
            if (!Double.isNaN(leftWeights[i]) && Arrays.binarySearch(rightHashes, leftHashes[i]) >= 0) {
                best = Math.max(best, leftWeights[i]);
            }
        }
        return best;
    }

    /**
     * Share of the bins where both signatures hold the same non-empty minimum (0 when no bin compares); bins that
     * were null on either side ({@link PairProfile#NULL_BIN}) do not compare.
     */
    static double signatureSimilarity(long[] left, long[] right) {
        int bins = Math.min(left.length, right.length);
        int same = 0;
        int compared = 0;
        for (int i = 0; i < bins; i++) {
            long a = left[i];
            long b = right[i];
            if (a == PairProfile.NULL_BIN || b == PairProfile.NULL_BIN) {
                continue;
            }
            if (a == Linking.EMPTY_BIN && b == Linking.EMPTY_BIN) {
                continue;
            }
            compared++;
            if (a == b) {
                same++;
            }
        }
        return compared == 0 ? 0.0 : (double) same / compared;
    }

    /** Cosine similarity of two count vectors (missing entries count as 0; 0 when either is all zero). */
    static double cosine(double[] left, double[] right) {
        double dot = 0.0;
        double normLeft = 0.0;
        double normRight = 0.0;
        int length = Math.max(left.length, right.length);
        for (int i = 0; i < length; i++) {
            double x = i < left.length ? left[i] : 0.0;
            double y = i < right.length ? right[i] : 0.0;
            dot += x * y;
            normLeft += x * x;
            normRight += y * y;
        }
        return normLeft == 0.0 || normRight == 0.0 ? 0.0 : dot / Math.sqrt(normLeft * normRight);
    }

    private static StructType output() {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(CoordinationColumns.SOURCE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(CoordinationColumns.DESTINATION, DataTypes.StringType, false));
        for (EdgeType type : EdgeType.values()) {
            fields.add(DataTypes.createStructField(type.strengthColumn(), DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField(CoordinationColumns.SIGNATURE_SIMILARITY, DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField(CoordinationColumns.HOUR_COSINE, DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField(CoordinationColumns.EDGE_SCORE, DataTypes.DoubleType, false));
        return DataTypes.createStructType(fields);
    }
}
