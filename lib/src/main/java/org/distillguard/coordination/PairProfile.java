package org.distillguard.coordination;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;

/**
 * What the pair scoring reads of one account, packed into one binary value once per account: the prompt signature,
 * the hourly vector, and per shared-key type the keys' 64-bit hashes (sorted) with their weights.
 *
 * <p>The scoring used to read these as Spark arrays of structs joined onto every candidate pair, and Spark turned
 * them into Java rows, lists and strings once per pair and side: in a profile of the coordination stage that
 * conversion was about three fifths of the pair scoring's samples. A pair now carries two byte arrays, and the
 * scorer reads primitive arrays from them.
 *
 * <p>Keys are compared by their XXH64 hash (of the key's UTF-8 bytes); two different keys of one type collide with
 * probability about 2<sup>-64</sup> per comparison.
 */
final class PairProfile {

    /** A signature bin that was null (never equal to a bin's value, which is an int). */
    static final long NULL_BIN = Long.MIN_VALUE;
    private static final long SEED = 42L;

    /** The per-account table the pairs are joined with: {@code account_id}, {@code profile}. */
    static final String PROFILE = "profile";
    static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField(CoordinationColumns.ACCOUNT_ID, DataTypes.StringType, false),
            DataTypes.createStructField(PROFILE, DataTypes.BinaryType, false)));

    final long[] signature;
    final double[] hours;
    /** Per shared-key type (in {@link EdgeType#sharedKeyTypes()} order): key hashes, ascending. */
    final long[][] keyHashes;
    /** The weights of {@link #keyHashes}, NaN where the weight was null. */
    final double[][] keyWeights;

    private PairProfile(long[] signature, double[] hours, long[][] keyHashes, double[][] keyWeights) {
        this.signature = signature;
        this.hours = hours;
        this.keyHashes = keyHashes;
        this.keyWeights = keyWeights;
    }

    /**
     * The profile row of an account row laid out as {@link Linking#scorePairs} selects it: account id, signature,
     * hours, then per shared-key type its {@code (key, key_weight)} list (null lists count as empty).
     */
    static Row encodeRow(Row row) {
        int types = row.length() - 3;
        List<List<Row>> keys = new ArrayList<>(types);
        for (int i = 0; i < types; i++) {
            keys.add(list(row, 3 + i));
        }
        return RowFactory.create(row.getString(0), encode(list(row, 1), list(row, 2), keys));
    }

    /**
     * Packs the lists: null signature bins become {@link #NULL_BIN}, null hours 0, keys that are null are dropped
     * (they match nothing) and null weights become NaN (such a key still matches, but gives no strength).
     */
    static byte[] encode(List<?> signature, List<?> hours, List<List<Row>> keysPerType) {
        int size = 4 + 8 * signature.size() + 4 + 8 * hours.size() + 4;
        List<long[]> hashes = new ArrayList<>(keysPerType.size());
        List<double[]> weights = new ArrayList<>(keysPerType.size());
        for (List<Row> keys : keysPerType) {
            List<Row> kept = keys.stream().filter(key -> key != null && !key.isNullAt(0)).toList();
            long[] h = new long[kept.size()];
            for (int i = 0; i < h.length; i++) {
                byte[] bytes = kept.get(i).get(0).toString().getBytes(StandardCharsets.UTF_8);
                h[i] = XXH64.hashUnsafeBytes(bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length, SEED);
            }
            int[] byHash = IntStream.range(0, h.length).boxed().sorted((a, b) -> Long.compare(h[a], h[b]))
                    .mapToInt(Integer::intValue).toArray();
            long[] sortedHashes = new long[h.length];
            double[] sortedWeights = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                Row key = kept.get(byHash[i]);
                sortedHashes[i] = h[byHash[i]];
                sortedWeights[i] = key.isNullAt(1) ? Double.NaN : ((Number) key.get(1)).doubleValue();
            }
            hashes.add(sortedHashes);
            weights.add(sortedWeights);
            size += 4 + 16 * h.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(signature.size());
        for (Object bin : signature) {
            out.putLong(bin == null ? NULL_BIN : ((Number) bin).longValue());
        }
        out.putInt(hours.size());
        for (Object hour : hours) {
            out.putDouble(hour == null ? 0.0 : ((Number) hour).doubleValue());
        }
        out.putInt(hashes.size());
        for (int type = 0; type < hashes.size(); type++) {
            out.putInt(hashes.get(type).length);
            for (int i = 0; i < hashes.get(type).length; i++) {
                out.putLong(hashes.get(type)[i]);
                out.putDouble(weights.get(type)[i]);
            }
        }
        return out.array();
    }

    static PairProfile decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long[] signature = new long[in.getInt()];
        for (int i = 0; i < signature.length; i++) {
            signature[i] = in.getLong();
        }
        double[] hours = new double[in.getInt()];
        for (int i = 0; i < hours.length; i++) {
            hours[i] = in.getDouble();
        }
        int types = in.getInt();
        long[][] hashes = new long[types][];
        double[][] weights = new double[types][];
        for (int type = 0; type < types; type++) {
            int n = in.getInt();
            hashes[type] = new long[n];
            weights[type] = new double[n];
            for (int i = 0; i < n; i++) {
                hashes[type][i] = in.getLong();
                weights[type][i] = in.getDouble();
            }
        }
        return new PairProfile(signature, hours, hashes, weights);
    }

    private static <T> List<T> list(Row row, int index) {
        return row.isNullAt(index) ? List.of() : row.getList(index);
    }
}
