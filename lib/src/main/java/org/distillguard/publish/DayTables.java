package org.distillguard.publish;

import java.time.LocalDate;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.distillguard.ingest.EventSchema;

/**
 * One date of a table in the stages' layout {@code ROOT/TABLE/date=YYYY-MM-DD/} (Parquet): written by replacing that
 * date's folder only, read back with {@code date} taken from the folder name by whoever reads the table whole. The root
 * may be on any Hadoop file system ({@code hdfs://…}, {@code s3a://…}) or a local path.
 */
public final class DayTables {

    private DayTables() {}

    public static Path path(String root, String table, LocalDate date) {
        return new Path(new Path(root, table), EventSchema.DATE + "=" + date);
    }

    /** Replaces the date's folder with {@code rows} (their {@code date} column, if any, is the folder name). */
    public static void write(Dataset<Row> rows, String root, String table, LocalDate date) {
        rows.drop(EventSchema.DATE).write().mode(SaveMode.Overwrite).parquet(path(root, table, date).toString());
    }

    public static Dataset<Row> read(SparkSession spark, String root, String table, LocalDate date) {
        return spark.read().parquet(path(root, table, date).toString());
    }
}
