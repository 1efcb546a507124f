package org.distillguard.review;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.distillguard.nightly.Warehouse;
import org.distillguard.publish.CsvCells;

/**
 * {@code distillguard sql}: every published output across all published dates as a temporary view, then one query,
 * printed as a bounded table or written as CSV with every cell safe for a spreadsheet. Views: the tables of
 * {@link ReviewTables#ALL} that exist, {@code verdicts} (every line of the labels store) and {@code labels} (the
 * latest verdict per account).
 */
public final class SqlViews {

    private SqlViews() {}

    /** Registers the views that have data and returns their names. */
    public static List<String> register(SparkSession spark, Warehouse warehouse) {
        List<String> registered = new ArrayList<>();
        for (ReviewTables.Table table : ReviewTables.ALL) {
            List<String> folders = folders(warehouse, table);
            if (!folders.isEmpty()) {
                // One read per date folder (each is its own partitioned root), then a union by column name.
                Dataset<Row> all = null;
                for (String folder : folders) {
                    Dataset<Row> day = PublishedTables.reader(spark, table.format(), folder);
                    all = all == null ? day : all.unionByName(day, true);
                }
                all.createOrReplaceTempView(table.name());
                registered.add(table.name());
            }
        }
        Path verdicts = verdictsFile(warehouse);
        if (verdicts != null && Files.exists(verdicts)) {
            Dataset<Row> all = spark.read().json(verdicts.toString());
            if (all.columns().length > 0 && PublishedTables.has(all, VerdictStore.ACCOUNT_ID)) {
                all.createOrReplaceTempView(ReviewTables.VERDICTS_VIEW);
                registered.add(ReviewTables.VERDICTS_VIEW);
                // File order is verdict order; monotonically_increasing_id keeps it for one file read by one task.
                all.withColumn("_line", org.apache.spark.sql.functions.monotonically_increasing_id())
                        .withColumn("_latest", row_number().over(Window.partitionBy(VerdictStore.ACCOUNT_ID).orderBy(col("_line").desc())))
                        .where(col("_latest").equalTo(1)).drop("_line", "_latest")
                        .createOrReplaceTempView(ReviewTables.LABELS_VIEW);
                registered.add(ReviewTables.LABELS_VIEW);
            }
        }
        return registered;
    }

    private static Path verdictsFile(Warehouse warehouse) {
        java.nio.file.Path local = org.distillguard.publish.Directories.localPath(warehouse.root().toString());
        return local == null ? null : local.resolve(Warehouse.LABELS).resolve(ReviewTables.VERDICTS_FILE);
    }

    /** The table's folder under every published date, at the first candidate place that exists for that date. */
    private static List<String> folders(Warehouse warehouse, ReviewTables.Table table) {
        PublishedTables tables = new PublishedTables(warehouse);
        List<String> folders = new ArrayList<>();
        for (java.time.LocalDate date : warehouse.publishedDates()) {
            tables.locate(table, date).ifPresent(path -> folders.add(path.toString()));
        }
        return folders;
    }

    /** The result as an aligned text table of at most {@code limit} rows; cells are cut at 60 characters. */
    public static String table(Dataset<Row> result, int limit) {
        List<Row> rows = result.limit(limit + 1).collectAsList();
        String[] names = result.columns();
        List<String[]> cells = new ArrayList<>();
        cells.add(names);
        for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
            String[] line = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                line[i] = printable(row.isNullAt(i) ? "NULL" : String.valueOf(row.get(i)));
            }
            cells.add(line);
        }
        int[] widths = new int[names.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < cells.size(); r++) {
            String[] line = cells.get(r);
            for (int i = 0; i < line.length; i++) {
                out.append(i == 0 ? "" : " | ").append(String.format(Locale.ROOT, "%-" + Math.max(1, widths[i]) + "s", line[i]));
            }
            out.append('\n');
            if (r == 0) {
                for (int i = 0; i < widths.length; i++) {
                    out.append(i == 0 ? "" : "-+-").append("-".repeat(Math.max(1, widths[i])));
                }
                out.append('\n');
            }
        }
        out.append(rows.size() > limit ? "(first " + limit + " rows; raise --limit for more)\n" : "(" + rows.size() + " rows)\n");
        return out.toString();
    }

    /** The result as CSV (header and rows, at most {@code limit}), each cell disarmed and quoted per RFC 4180. */
    public static int writeCsv(Dataset<Row> result, int limit, Path out) {
        StringBuilder csv = new StringBuilder(CsvCells.row(List.of(result.columns())));
        List<Row> rows = result.limit(limit).collectAsList();
        for (Row row : rows) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                cells.add(row.isNullAt(i) ? "" : String.valueOf(row.get(i)));
            }
            csv.append(CsvCells.row(cells));
        }
        try {
            Files.writeString(out, csv.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out + ": " + e.getMessage(), e);
        }
        return rows.size();
    }

    /** Control characters (an attacker's terminal escapes among them) shown as '?', long cells cut. */
    private static String printable(String text) {
        String safe = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
        return safe.length() <= 60 ? safe : safe.substring(0, 59) + "…";
    }
}
