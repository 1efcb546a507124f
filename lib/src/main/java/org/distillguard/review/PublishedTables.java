package org.distillguard.review;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.nightly.Warehouse;

/**
 * Finds and reads the published tables of a date by path and column name only, so the review depends on no stage's
 * code. A table that is not there is {@link Optional#empty()}, never an error: stages arrive at their own pace.
 */
public final class PublishedTables {

    private final Warehouse warehouse;

    public PublishedTables(Warehouse warehouse) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    /** The folder of {@code table} under the published date, if one of its candidate places holds data. */
    public Optional<Path> locate(ReviewTables.Table table, LocalDate date) {
        if (!warehouse.isPublished(date)) {
            return Optional.empty();
        }
        Path dateFolder = warehouse.published(date);
        for (String candidate : table.candidates()) {
            Path path = new Path(dateFolder, candidate);
            if (holdsData(path, table.format())) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** The table's rows of {@code date}: the inner {@code date=} partition when there is one. */
    public Optional<Dataset<Row>> read(SparkSession spark, ReviewTables.Table table, LocalDate date) {
        Optional<Path> folder = locate(table, date);
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        Dataset<Row> rows = reader(spark, table.format(), folder.get().toString());
        if (Arrays.asList(rows.columns()).contains(ReviewTables.DATE)) {
            rows = rows.where(col(ReviewTables.DATE).cast("string").equalTo(lit(date.toString())));
        }
        return Optional.of(rows);
    }

    static Dataset<Row> reader(SparkSession spark, ReviewTables.Format format, String... paths) {
        return switch (format) {
            case PARQUET -> spark.read().option("pathGlobFilter", "*.parquet").option("recursiveFileLookup", "false")
                    .parquet(paths);
            case JSON_LINES -> spark.read().option("pathGlobFilter", "*.jsonl")
                    .json(paths);
        };
    }

    private boolean holdsData(Path path, ReviewTables.Format format) {
        try {
            FileSystem fileSystem = path.getFileSystem(warehouse.hadoop());
            if (!fileSystem.exists(path) || !fileSystem.getFileStatus(path).isDirectory()) {
                return false;
            }
            String suffix = format == ReviewTables.Format.PARQUET ? ".parquet" : ".jsonl";
            for (FileStatus status : fileSystem.listStatus(path)) {
                String name = status.getPath().getName();
                if (status.isDirectory() && name.startsWith("date=")) {
                    return true;
                }
                if (status.isFile() && name.endsWith(suffix)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for published data in " + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code rows} has every one of {@code columns}. */
    static boolean has(Dataset<Row> rows, String... columns) {
        List<String> names = Arrays.asList(rows.columns());
        return Arrays.stream(columns).allMatch(names::contains);
    }
}
