package org.distillguard.coordination;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.inline;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.distillguard.config.CoordinationConfig;
import org.distillguard.ingest.EventSchema;

/**
 * Linking evidence between accounts. Every account is exploded into the keys it holds (template fingerprints, LSH
 * band buckets of its prompt signature, networks, cards, user agents, sign-up windows); a key weighs
 * {@code 1 - ln(accounts) / ln(max(population, maxBucketAccounts))}, its surprise in the day's population. Candidate
 * pairs come only from a self-join on the keys of the candidate-generating types held by few accounts
 * ({@link #candidateBucketLimit}), so the work is bounded by the sum of squared bucket sizes under that limit, never
 * all pairs, and no hot key reaches the self-join. Keys held by more accounts only add evidence to proposed pairs.
 * Each candidate pair then gets one strength per edge type and an evidence score; pairs at or above the edge threshold
 * are edges.
 */
public final class Linking {

    /** MinHash bin of an account-day without shingles (PromptAnalyzer.EMPTY_BIN). */
    static final int EMPTY_BIN = Integer.MAX_VALUE;
    private static final String KEY_STRUCT = "key_struct";

    private Linking() {}

    /** Every (account, edge type, key) of the account table, before frequency weighting. */
    public static Dataset<Row> keys(Dataset<Row> accounts, CoordinationConfig config) {
        EventSchema.requireColumns(accounts.schema(), "coordination keys", CoordinationColumns.ACCOUNT_ID,
                CoordinationColumns.TOP_TEMPLATES, CoordinationColumns.SIGNATURE, CoordinationColumns.NETWORKS,
                CoordinationColumns.USER_AGENTS, CoordinationColumns.PAYMENTS, CoordinationColumns.CREATED_SECONDS);
        List<Column> parts = new ArrayList<>();
        parts.add(typedKeys(EdgeType.TEMPLATE, expr("transform(filter(coalesce(" + CoordinationColumns.TOP_TEMPLATES
                + ", array()), x -> x.item is not null and x.item != 0), x -> cast(x.item as string))")));
        parts.add(typedKeys(EdgeType.NEAR_DUPLICATE, bandKeys(config)));
        parts.add(typedKeys(EdgeType.NETWORK, col(CoordinationColumns.NETWORKS)));
        parts.add(typedKeys(EdgeType.PAYMENT, col(CoordinationColumns.PAYMENTS)));
        parts.add(typedKeys(EdgeType.USER_AGENT, col(CoordinationColumns.USER_AGENTS)));
        double window = config.creationWindowHours() * 3600.0;
        Column created = col(CoordinationColumns.CREATED_SECONDS);
        parts.add(typedKeys(EdgeType.CREATION, when(created.isNotNull(), expr(String.format(Locale.ROOT,
                "array(concat('a', cast(floor(%1$s / %2$f) as string)), concat('b', cast(floor(%1$s / %2$f + 0.5) as string)))",
                CoordinationColumns.CREATED_SECONDS, window)))));
        // One explode and one distinct for all types: a union of one explode and distinct per type cost six shuffles.
        return accounts.select(col(CoordinationColumns.ACCOUNT_ID), inline(concat(parts.toArray(Column[]::new))))
                .where(col(CoordinationColumns.KEY).isNotNull())
                .distinct();
    }

    /**
     * Keys with their account count and weight. A key held by {@code k} of the {@code population} accounts weighs
     * {@code 1 - ln(k) / ln(R)} with {@code R = max(population, maxBucketAccounts)}: its surprise, in units of the
     * surprise it takes to single out one account of the population. The same sharing is thus weaker evidence in a
     * small population than in a large one, where a /24 or a card held by a hundred accounts is rare. Keys held by one
     * account, or weighing less than their type's threshold, are dropped. Which keys also propose candidate pairs is
     * decided by {@link #candidatePairs}, and does not depend on the population.
     */
    public static Dataset<Row> weightedKeys(Dataset<Row> keys, CoordinationConfig config, long population) {
        EventSchema.requireColumns(keys.schema(), "coordination key weighting", CoordinationColumns.ACCOUNT_ID,
                CoordinationColumns.EDGE_TYPE, CoordinationColumns.KEY);
        double reference = Math.log(referencePopulation(population, config));
        Dataset<Row> counts = keys.groupBy(col(CoordinationColumns.EDGE_TYPE), col(CoordinationColumns.KEY))
                .agg(count(lit(1)).as(CoordinationColumns.KEY_ACCOUNTS));
        Column weight = lit(1.0).minus(log(col(CoordinationColumns.KEY_ACCOUNTS).cast("double")).divide(reference));
        Dataset<Row> eligible = counts.where(col(CoordinationColumns.KEY_ACCOUNTS).geq(2))
                .withColumn(CoordinationColumns.KEY_WEIGHT, weight)
                .where(col(CoordinationColumns.KEY_WEIGHT).geq(byType(type -> type.rule(config).threshold()))
                        .and(col(CoordinationColumns.KEY_WEIGHT).gt(0.0)));
        return keys.join(eligible, new String[] {CoordinationColumns.EDGE_TYPE, CoordinationColumns.KEY});
    }

    /** The population the key weights are relative to: the accounts of the day, and never fewer than the bucket cap. */
    public static long referencePopulation(long population, CoordinationConfig config) {
        return Math.max(population, config.maxBucketAccounts());
    }

    /**
     * The most accounts a key of this type may be held by and still propose candidate pairs:
     * {@code maxBucketAccounts^(1 - threshold)} (44 for a threshold of 0.45 and a cap of 1000). The bound does not
     * grow with the population, so the self-join's work stays bounded by the sum of squared bucket sizes under it.
     */
    public static long candidateBucketLimit(EdgeType type, CoordinationConfig config) {
        return (long) Math.floor(Math.pow(config.maxBucketAccounts(), 1.0 - type.rule(config).threshold()) + 1e-9);
    }

    /** A column holding each shared-key type's value for the row's {@code edge_type} (0 for any other type). */
    private static Column byType(java.util.function.Function<EdgeType, Number> value) {
        Column column = lit(0);
        for (EdgeType type : EdgeType.sharedKeyTypes()) {
            column = when(col(CoordinationColumns.EDGE_TYPE).equalTo(type.column()), lit(value.apply(type))).otherwise(column);
        }
        return column;
    }

    /**
     * Distinct candidate pairs (src &lt; dst) that share a key of a candidate-generating type held by at most
     * {@link #candidateBucketLimit} accounts.
     */
    public static Dataset<Row> candidatePairs(Dataset<Row> weightedKeys, CoordinationConfig config) {
        List<String> generating = new ArrayList<>();
        for (EdgeType type : EdgeType.values()) {
            if (type.generatesCandidates()) {
                generating.add(type.column());
            }
        }
        Dataset<Row> keys = weightedKeys.where(col(CoordinationColumns.EDGE_TYPE).isin(generating.toArray())
                        .and(col(CoordinationColumns.KEY_ACCOUNTS).leq(byType(type -> candidateBucketLimit(type, config)))))
                .select(CoordinationColumns.EDGE_TYPE, CoordinationColumns.KEY, CoordinationColumns.ACCOUNT_ID);
        Dataset<Row> left = keys.withColumnRenamed(CoordinationColumns.ACCOUNT_ID, CoordinationColumns.SOURCE);
        Dataset<Row> right = keys.withColumnRenamed(CoordinationColumns.ACCOUNT_ID, CoordinationColumns.DESTINATION);
        return left.join(right, new String[] {CoordinationColumns.EDGE_TYPE, CoordinationColumns.KEY})
                .where(col(CoordinationColumns.SOURCE).lt(col(CoordinationColumns.DESTINATION)))
                .select(CoordinationColumns.SOURCE, CoordinationColumns.DESTINATION)
                .distinct();
    }

    /**
     * Scores the candidate pairs: per edge type a strength in [0, 1] ({@code e_<type>}), the signature similarity,
     * the hourly cosine, and {@code edge_score}, the weighted sum of the strengths. Returns every candidate pair.
     */
    public static Dataset<Row> scorePairs(Dataset<Row> pairs, Dataset<Row> accounts, Dataset<Row> weightedKeys,
            CoordinationConfig config) {
        EventSchema.requireColumns(pairs.schema(), "coordination pair scoring", CoordinationColumns.SOURCE,
                CoordinationColumns.DESTINATION);
        EventSchema.requireColumns(accounts.schema(), "coordination pair scoring", CoordinationColumns.ACCOUNT_ID,
                CoordinationColumns.SIGNATURE, CoordinationColumns.HOURS);
        List<Column> perType = new ArrayList<>();
        for (EdgeType type : EdgeType.sharedKeyTypes()) {
            perType.add(collect_list(when(col(CoordinationColumns.EDGE_TYPE).equalTo(type.column()),
                    col(KEY_STRUCT))).as(CoordinationColumns.KEYS_PREFIX + type.column()));
        }
        Dataset<Row> accountKeys = weightedKeys
                .withColumn(KEY_STRUCT, struct(col(CoordinationColumns.KEY), col(CoordinationColumns.KEY_WEIGHT)))
                .groupBy(col(CoordinationColumns.ACCOUNT_ID))
                .agg(perType.get(0), perType.subList(1, perType.size()).toArray(Column[]::new));
        List<Column> sideColumns = new ArrayList<>(List.of(col(CoordinationColumns.ACCOUNT_ID),
                col(CoordinationColumns.SIGNATURE), col(CoordinationColumns.HOURS)));
        for (EdgeType type : EdgeType.sharedKeyTypes()) {
            sideColumns.add(col(CoordinationColumns.KEYS_PREFIX + type.column()));
        }
        // One packed profile per account, read by the scorer as primitive arrays: Spark's conversion of the arrays of
        // structs into Java rows and strings, once per pair and side, cost more than the scoring itself.
        Dataset<Row> profiles = accounts.select(col(CoordinationColumns.ACCOUNT_ID), col(CoordinationColumns.SIGNATURE),
                        col(CoordinationColumns.HOURS))
                .join(accountKeys, new String[] {CoordinationColumns.ACCOUNT_ID}, "left")
                .select(sideColumns.toArray(Column[]::new))
                .map((org.apache.spark.api.java.function.MapFunction<Row, Row>) PairProfile::encodeRow,
                        org.apache.spark.sql.Encoders.row(PairProfile.SCHEMA));
        Dataset<Row> joined = pairs
                .join(prefixed(profiles, "a_"), col(CoordinationColumns.SOURCE).equalTo(col("a_" + CoordinationColumns.ACCOUNT_ID)))
                .join(prefixed(profiles, "b_"), col(CoordinationColumns.DESTINATION).equalTo(col("b_" + CoordinationColumns.ACCOUNT_ID)));
        // Scored by plain Java over each row rather than by higher-order SQL functions: those run interpreted, and a
        // later filter on edge_score would be pushed through them, inlining every strength expression into one
        // predicate whose generated code grows with each reference.
        PairScorer scorer = new PairScorer(config);
        Dataset<Row> inputs = joined.select(col(CoordinationColumns.SOURCE), col(CoordinationColumns.DESTINATION),
                col("a_" + PairProfile.PROFILE), col("b_" + PairProfile.PROFILE));
        return inputs.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) scorer::score,
                org.apache.spark.sql.Encoders.row(PairScorer.OUTPUT));
    }

    /** The whole linking step: account table in, edges (pairs at or above the edge threshold) out. */
    public static Dataset<Row> edges(Dataset<Row> accounts, CoordinationConfig config) {
        // Materialised once (local checkpoint): both the candidate self-join and the scoring read the weighted keys,
        // and left as one plan, their explode, distinct and weighting ran once per reader.
        Dataset<Row> weighted = weightedKeys(keys(accounts, config), config, accounts.count()).localCheckpoint(true);
        return scorePairs(candidatePairs(weighted, config), accounts, weighted, config)
                .where(col(CoordinationColumns.EDGE_SCORE).geq(config.edgeThreshold()));
    }

    /** LSH band keys of the signature: band b is {@code b:xxhash64(bins of the band)}; bands with an empty bin are skipped. */
    static Column bandKeys(CoordinationConfig config) {
        int rows = config.lshRows();
        String slice = "slice(coalesce(" + CoordinationColumns.SIGNATURE + ", array()), b * " + rows + " + 1, " + rows + ")";
        return expr("filter(transform(sequence(0, " + (config.lshBands() - 1) + "), b -> if(size(" + slice + ") < " + rows
                + " or exists(" + slice + ", x -> x is null or x = " + EMPTY_BIN + "), null, concat(cast(b as string), ':', cast(xxhash64("
                + slice + ") as string)))), k -> k is not null)");
    }

    /** The keys of one type as (edge_type, key) structs; an empty array when the account has none. */
    private static Column typedKeys(EdgeType type, Column keys) {
        return transform(coalesce(keys, array().cast("array<string>")),
                key -> struct(lit(type.column()).as(CoordinationColumns.EDGE_TYPE), key.as(CoordinationColumns.KEY)));
    }

    private static Dataset<Row> prefixed(Dataset<Row> table, String prefix) {
        Column[] columns = java.util.Arrays.stream(table.columns()).map(name -> col(name).as(prefix + name)).toArray(Column[]::new);
        return table.select(columns);
    }
}
