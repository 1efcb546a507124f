package org.distillguard.coordination;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Hand-built account tables in the shape {@link AccountTable#assemble} produces. */
final class TestAccounts {

    static final long DAY = 86_400L;
    static final long NOW = 1_800_000_000L;

    static final StructType TEMPLATE = createStructType(List.of(
            createStructField("item", LongType, true), createStructField("count", LongType, false)));
    static final StructType MINUTE = createStructType(List.of(
            createStructField("item", LongType, true), createStructField("count", LongType, false)));
    static final StructType SCHEMA = createStructType(List.of(
            createStructField(CoordinationColumns.ACCOUNT_ID, StringType, false),
            createStructField(CoordinationColumns.TOP_TEMPLATES, createArrayType(TEMPLATE), true),
            createStructField(CoordinationColumns.SKELETONS, createArrayType(StringType), true),
            createStructField(CoordinationColumns.SIGNATURE, createArrayType(IntegerType), true),
            createStructField(CoordinationColumns.NETWORKS, createArrayType(StringType), true),
            createStructField(CoordinationColumns.USER_AGENTS, createArrayType(StringType), true),
            createStructField(CoordinationColumns.PAYMENTS, createArrayType(StringType), true),
            createStructField(CoordinationColumns.HOURS, createArrayType(DoubleType), true),
            createStructField(CoordinationColumns.MINUTES, createArrayType(MINUTE), true),
            createStructField(CoordinationColumns.REQUESTS, LongType, false),
            createStructField(CoordinationColumns.TOKENS, LongType, false),
            createStructField(CoordinationColumns.ACCOUNT_AGE_DAYS, DoubleType, true),
            createStructField(CoordinationColumns.CREATED_SECONDS, LongType, true),
            createStructField(CoordinationColumns.CAPABILITY_MASK, LongType, false)));

    private final List<Row> rows = new ArrayList<>();

    /** One account; unset fields are empty (no keys, unknown creation, no activity). */
    static final class Account {
        final String id;
        List<Row> templates = List.of();
        List<String> skeletons = List.of();
        List<Integer> signature = emptySignature();
        List<String> networks = List.of();
        List<String> userAgents = List.of();
        List<String> payments = List.of();
        List<Double> hours = flatHours();
        long requests = 10;
        Double ageDays = 500.0;
        Long createdSeconds = null;
        long capabilityMask = 1;

        Account(String id) {
            this.id = id;
        }

        Account templates(long... fingerprints) {
            List<Row> list = new ArrayList<>();
            for (long fingerprint : fingerprints) {
                list.add(RowFactory.create(fingerprint, 5L));
            }
            templates = list;
            skeletons = Arrays.stream(fingerprints).mapToObj(f -> "<w> <w> template " + f + " … <n>").toList();
            return this;
        }

        Account networks(String... values) {
            networks = List.of(values);
            return this;
        }

        Account userAgents(String... values) {
            userAgents = List.of(values);
            return this;
        }

        Account payments(String... values) {
            payments = List.of(values);
            return this;
        }

        Account signature(List<Integer> values) {
            signature = values;
            return this;
        }

        Account hours(List<Double> values) {
            hours = values;
            return this;
        }

        Account createdDaysAgo(double days) {
            ageDays = days;
            createdSeconds = NOW - Math.round(days * DAY);
            return this;
        }

        Account capabilities(long mask) {
            capabilityMask = mask;
            return this;
        }

        Row row() {
            return RowFactory.create(id, templates, skeletons, signature, networks, userAgents, payments, hours, List.of(),
                    requests, requests * 100, ageDays, createdSeconds, capabilityMask);
        }
    }

    static Account account(String id) {
        return new Account(id);
    }

    TestAccounts add(Account... accounts) {
        for (Account account : accounts) {
            rows.add(account.row());
        }
        return this;
    }

    Dataset<Row> build(SparkSession spark) {
        return spark.createDataFrame(rows, SCHEMA);
    }

    static List<Integer> emptySignature() {
        Integer[] bins = new Integer[64];
        Arrays.fill(bins, Linking.EMPTY_BIN);
        return List.of(bins);
    }

    /** A signature whose bins follow from {@code seed}; {@code changed} leading bins are replaced by other values. */
    static List<Integer> signature(int seed, int changed) {
        Integer[] bins = new Integer[64];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int bin = 0; bin < 64; bin++) {
            bins[bin] = random.nextInt(1_000_000);
        }
        for (int bin = 0; bin < changed; bin++) {
            bins[bin * 4] = 2_000_000 + bin + seed;
        }
        return List.of(bins);
    }

    static List<Double> flatHours() {
        Double[] hours = new Double[24];
        Arrays.fill(hours, 0.0);
        return List.of(hours);
    }

    /** Requests in the given hours, one each. */
    static List<Double> activeIn(int... hourList) {
        Double[] hours = new Double[24];
        Arrays.fill(hours, 0.0);
        for (int hour : hourList) {
            hours[hour] += 1.0;
        }
        return List.of(hours);
    }
}
