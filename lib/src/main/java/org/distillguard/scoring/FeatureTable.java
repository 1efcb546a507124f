package org.distillguard.scoring;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reading any per-(account, date) table of numeric features: schema checks and the feature list. */
public final class FeatureTable {

    private FeatureTable() {}

    /** Fails naming the first missing column. */
    public static void requireColumns(StructType schema, String table, String... columns) {
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String column : columns) {
            if (!names.contains(column)) {
                throw new IllegalArgumentException("Cannot read " + table + ": input does not include column " + column
                        + " (columns: " + String.join(", ", names) + ")");
            }
        }
    }

    /** The numeric columns that are features: every numeric column except identifiers, dates, cluster and truth. */
    public static List<String> numericFeatures(StructType schema) {
        List<String> features = new ArrayList<>();
        for (StructField field : schema.fields()) {
            if (isNumeric(field.dataType()) && !ScoreColumns.NOT_FEATURES.contains(field.name())) {
                features.add(field.name());
            }
        }
        return features;
    }

    static boolean isNumeric(DataType type) {
        return type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType) || type.equals(DataTypes.LongType)
                || type.equals(DataTypes.IntegerType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType)
                || type instanceof DecimalType || type.equals(DataTypes.BooleanType);
    }

    /** The table with every feature cast to double and the date as text ({@code yyyy-MM-dd}). */
    public static Dataset<Row> normalized(Dataset<Row> table, List<String> features, List<String> keep) {
        List<org.apache.spark.sql.Column> columns = new ArrayList<>();
        columns.add(col(ScoreColumns.ACCOUNT_ID).cast("string").as(ScoreColumns.ACCOUNT_ID));
        columns.add(col(ScoreColumns.DATE).cast("string").as(ScoreColumns.DATE));
        for (String column : keep) {
            columns.add(col(column));
        }
        for (String feature : features) {
            columns.add(col(feature).cast("double").as(feature));
        }
        return table.select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    /** The values of {@code features} in {@code row} (NaN for null). */
    public static double[] values(Row row, List<String> features) {
        double[] values = new double[features.size()];
        for (int j = 0; j < values.length; j++) {
            int index = row.fieldIndex(features.get(j));
            values[j] = row.isNullAt(index) ? Double.NaN : ((Number) row.get(index)).doubleValue();
        }
        return values;
    }
}
