package org.distillguard.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a bounded table (per-account results, never per-event data) as one CSV file with a header. Cells are
 * quoted by Spark's CSV writer; text columns that carry attacker-controlled text must go through {@code CsvCells}
 * first to neutralise spreadsheet formulas.
 */
public final class CsvExport {
    private CsvExport() {}

    public static void writeSingleFile(Dataset<Row> table, Path file) {
        Path folder = file.resolveSibling("." + file.getFileName() + ".parts");
        table.coalesce(1).write().mode("overwrite").option("header", "true").option("quoteAll", "false")
                .option("escape", "\"").csv(folder.toString());
        try (Stream<Path> parts = Files.list(folder)) {
            Path part = parts.filter(path -> path.getFileName().toString().startsWith("part-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Cannot write " + file + ": Spark wrote no part file"));
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
        Directories.delete(new org.apache.hadoop.conf.Configuration(), new org.apache.hadoop.fs.Path(folder.toUri()));
    }
}
