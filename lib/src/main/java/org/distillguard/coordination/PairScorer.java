package org.distillguard.coordination;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.distillguard.config.CoordinationConfig;

/**
 * The evidence of one candidate pair, computed in plain Java. Input row (as {@link Linking#scorePairs} lays it out):
 * source, destination, both prompt signatures, both hourly vectors, then for each shared-key type (in
 * {@link EdgeType#sharedKeyTypes()} order) the two accounts' {@code (key, key_weight)} lists. Output: {@link #OUTPUT}.
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

    Row score(Row row) {
        double[] strength = new double[weights.length];
        for (int i = 0; i < sharedKeyOrdinals.length; i++) {
            strength[sharedKeyOrdinals[i]] = sharedKeyStrength(list(row, 6 + 2 * i), list(row, 7 + 2 * i));
        }
        double similarity = signatureSimilarity(list(row, 2), list(row, 3));
        double cosine = cosine(list(row, 4), list(row, 5));
        int nearDuplicate = EdgeType.NEAR_DUPLICATE.ordinal();
        // The rarest shared bucket's weight scales the similarity: two light accounts that asked one popular question
        // have near-identical signatures, but in a bucket that many accounts share.
        strength[nearDuplicate] = strength[nearDuplicate] > 0 && similarity >= nearDuplicateThreshold
                ? strength[nearDuplicate] * similarity : 0.0;
        strength[EdgeType.SYNCHRONY.ordinal()] = cosine >= synchronyThreshold ? cosine : 0.0;
        double template = strength[EdgeType.TEMPLATE.ordinal()];
        strength[EdgeType.TEACHER_SPLIT.ordinal()] = template > 0 && similarity <= teacherSplitThreshold ? template : 0.0;
        Object[] values = new Object[OUTPUT.size()];
        values[0] = row.get(0);
        values[1] = row.get(1);
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

    /** The largest weight among keys both lists hold; 0 when they share none. */
    static double sharedKeyStrength(List<Row> left, List<Row> right) {
        if (left.isEmpty() || right.isEmpty()) {
            return 0.0;
        }
        double best = 0.0;
        if (left.size() * (long) right.size() <= 64) {
            for (Row a : left) {
                for (Row b : right) {
                    if (a.get(0) != null && a.get(0).equals(b.get(0)) && !a.isNullAt(1)) {
                        best = Math.max(best, a.getDouble(1));
                    }
                }
            }
            return best;
        }
        Map<Object, Boolean> keys = new HashMap<>(right.size() * 2);
        for (Row b : right) {
            if (b.get(0) != null) {
                keys.put(b.get(0), Boolean.TRUE);
            }
        }
        for (Row a : left) {
            if (a.get(0) != null && keys.containsKey(a.get(0)) && !a.isNullAt(1)) {
                best = Math.max(best, a.getDouble(1));
            }
        }
        return best;
    }

    /** Share of the bins where both signatures hold the same non-empty minimum (0 when no bin compares). */
    static double signatureSimilarity(List<?> left, List<?> right) {
        int bins = Math.min(left.size(), right.size());
        int same = 0;
        int compared = 0;
        for (int i = 0; i < bins; i++) {
            Object x = left.get(i);
            Object y = right.get(i);
            if (x == null || y == null) {
                continue;
            }
            long a = ((Number) x).longValue();
            long b = ((Number) y).longValue();
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
    static double cosine(List<?> left, List<?> right) {
        double dot = 0.0;
        double normLeft = 0.0;
        double normRight = 0.0;
        int length = Math.max(left.size(), right.size());
        for (int i = 0; i < length; i++) {
            double x = value(left, i);
            double y = value(right, i);
            dot += x * y;
            normLeft += x * x;
            normRight += y * y;
        }
        return normLeft == 0.0 || normRight == 0.0 ? 0.0 : dot / Math.sqrt(normLeft * normRight);
    }

    private static double value(List<?> values, int index) {
        if (index >= values.size() || values.get(index) == null) {
            return 0.0;
        }
        return ((Number) values.get(index)).doubleValue();
    }

    private static <T> List<T> list(Row row, int index) {
        return row.isNullAt(index) ? List.of() : row.getList(index);
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
