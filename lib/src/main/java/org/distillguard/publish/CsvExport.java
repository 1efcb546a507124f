package org.distillguard.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a bounded table (per-account results, never per-event data) as one CSV file with a header, on any Hadoop
 * file system. Cells are quoted by Spark's CSV writer; text columns that carry attacker-controlled text must go
 * through {@code CsvCells} first to neutralise spreadsheet formulas.
 */
public final class CsvExport {
    private CsvExport() {}

    /** Writes {@code table} to {@code file} (a local path or a Hadoop URI), replacing it. */
    public static void writeSingleFile(Dataset<Row> table, String file) {
        Path target = new Path(file);
        Path folder = new Path(target.getParent(), "." + target.getName() + ".parts");
        table.coalesce(1).write().mode("overwrite").option("header", "true").option("quoteAll", "false")
                .option("escape", "\"").csv(folder.toString());
        Configuration hadoop = table.sparkSession().sparkContext().hadoopConfiguration();
        try {
            Path part = null;
            for (FileStatus status : folder.getFileSystem(hadoop).listStatus(folder)) {
                if (status.isFile() && status.getPath().getName().startsWith("part-")) {
                    part = status.getPath();
                    break;
                }
            }
            if (part == null) {
                throw new IllegalStateException("Cannot write " + file + ": Spark wrote no part file");
            }
            Directories.moveReplacing(hadoop, part, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            Directories.delete(hadoop, folder);
        }
    }
}
