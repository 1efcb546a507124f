package org.distillguard.ingest;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The public seam over ingest's readers, for jobs that look at raw request logs without publishing events (the
 * audit). The same files are found, split and read as ingest reads them: JSONL (plain or gzip), LiteLLM CSV and
 * JSONL, and Parquet.
 */
public final class RawLogs {

    /** Column names of {@link #parquetLines}. */
    public static final String JSON_COLUMN = "json";
    public static final String FILE_COLUMN = "file";
    public static final String LINE_COLUMN = "line";

    private RawLogs() {}

    /**
     * The input files found under {@code inputs}, as ingest finds them.
     *
     * @param splits the text files (JSONL, gzip JSONL, LiteLLM CSV) cut into splits, each read by one task
     * @param parquetFiles the Parquet files, read with {@link #parquetLines}
     * @param fileCount how many files were found
     */
    public record Plan(List<InputSplit> splits, List<String> parquetFiles, int fileCount) implements Serializable {
        public Plan {
            splits = List.copyOf(requireNonNull(splits, "splits is null"));
            parquetFiles = List.copyOf(requireNonNull(parquetFiles, "parquetFiles is null"));
        }
    }

    /** Lists and splits the inputs; throws when none holds a log file. */
    public static Plan plan(SparkSession spark, List<String> inputs, long splitBytes) {
        requireNonNull(spark, "spark is null");
        requireNonNull(inputs, "inputs is null");
        List<IngestJob.PlannedFile> files = IngestJob.listInputs(spark.sparkContext().hadoopConfiguration(), inputs);
        List<InputSplit> splits = IngestJob.plan(spark, files, splitBytes);
        List<String> parquet = files.stream().filter(file -> file.format() == InputFormat.PARQUET)
                .map(IngestJob.PlannedFile::path).toList();
        return new Plan(splits, parquet, files.size());
    }

    /**
     * The records of one split, read lazily; call inside a Spark task, with the driver's Hadoop settings
     * ({@code SparkSessions.hadoopForTasks}).
     */
    public static Iterator<RawLine> lines(InputSplit split, int maxLineBytes, Configuration hadoop) {
        requireNonNull(split, "split is null");
        requireNonNull(hadoop, "hadoop is null");
        return new RawLineIterator(split, maxLineBytes, hadoop);
    }

    /**
     * The rows of Parquet log files rendered as JSON, as ingest reads them: columns {@value #JSON_COLUMN} (string),
     * {@value #FILE_COLUMN} (string) and {@value #LINE_COLUMN} (row index + 1, long).
     */
    public static Dataset<Row> parquetLines(SparkSession spark, List<String> parquetFiles) {
        return spark.read().parquet(parquetFiles.toArray(String[]::new))
                .select(to_json(struct(col("*"))).as(JSON_COLUMN), col("_metadata.file_path").as(FILE_COLUMN),
                        col("_metadata.row_index").plus(lit(1L)).as(LINE_COLUMN));
    }
}
