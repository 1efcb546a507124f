package org.distillguard.review;

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
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.distillguard.nightly.Warehouse;
import org.distillguard.publish.CsvCells;

/**
 * {@code distillguard sql}: every published output across all published dates as a temporary view, then one query,
 * printed as a bounded table or written as CSV with every cell safe for a spreadsheet. Views: the tables of
 * {@link ReviewTables#ALL} that exist, {@code verdicts} (every verdict in the labels store, oldest first) and {@code labels} (the
 * latest verdict per account).
 */
public final class SqlViews {

    private SqlViews() {}

    /**
     * Registers the views that have data and returns their names. A labels store that cannot be read (a truncated
     * line, a stray file) leaves out the {@code verdicts} and {@code labels} views only, with a warning added to
     * {@code warnings} that names the file and line.
     */
    public static List<String> register(SparkSession spark, Warehouse warehouse, List<String> warnings) {
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
            } else {
                spark.catalog().dropTempView(table.name()); // not one left from an earlier registration
            }
        }
        List<Verdict> verdicts;
        try {
            verdicts = new VerdictStore(warehouse.root().toString(), warehouse.hadoop()).readAll();
        } catch (RuntimeException e) {
            warnings.add("no " + ReviewTables.VERDICTS_VIEW + " or " + ReviewTables.LABELS_VIEW + " view: " + e.getMessage());
            verdicts = List.of();
        }
        if (verdicts.isEmpty()) {
            spark.catalog().dropTempView(ReviewTables.VERDICTS_VIEW);
            spark.catalog().dropTempView(ReviewTables.LABELS_VIEW);
        } else {
            spark.createDataFrame(verdictRows(verdicts), VERDICT_SCHEMA).createOrReplaceTempView(ReviewTables.VERDICTS_VIEW);
            registered.add(ReviewTables.VERDICTS_VIEW);
            spark.createDataFrame(verdictRows(VerdictStore.latest(verdicts).values()), VERDICT_SCHEMA).createOrReplaceTempView(ReviewTables.LABELS_VIEW);
            registered.add(ReviewTables.LABELS_VIEW);
        }
        return registered;
    }

    /**
     * The columns of the {@code verdicts} and {@code labels} views, as a verdict is stored, in the alphabetical order
     * in which Spark's JSON reader gave them when the views were read from {@code verdicts.jsonl}.
     */
    static final StructType VERDICT_SCHEMA = new StructType()
            .add(VerdictStore.ACCOUNT_ID, DataTypes.StringType, false)
            .add(VerdictStore.ANALYST, DataTypes.StringType, false)
            .add(VerdictStore.DATE, DataTypes.StringType, true)
            .add(VerdictStore.LABEL, DataTypes.StringType, false)
            .add(VerdictStore.MODEL_ID, DataTypes.StringType, true)
            .add(VerdictStore.NOTE, DataTypes.StringType, false)
            .add(VerdictStore.SCORE, DataTypes.DoubleType, true)
            .add(VerdictStore.TIME, DataTypes.StringType, false);

    /** Verdicts are few (one per analyst decision), so they are read on the driver and handed to Spark as rows. */
    private static List<Row> verdictRows(java.util.Collection<Verdict> verdicts) {
        List<Row> rows = new ArrayList<>(verdicts.size());
        for (Verdict verdict : verdicts) {
            rows.add(RowFactory.create(verdict.accountId(), verdict.analyst(), verdict.date(), verdict.label().text(),
                    verdict.modelId(), verdict.note(), verdict.score(), verdict.time().toString()));
        }
        return rows;
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
