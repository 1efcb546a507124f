package org.distillguard.audit;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.Row;
import org.distillguard.publish.CsvCells;
import org.distillguard.publish.HtmlEscape;
import org.distillguard.runtime.Versions;

/**
 * Writes the audit's output files from the aggregated tables: {@code audit.html}, {@code audit.csv},
 * {@code audit.json}, {@code purge.csv}, {@code purge.json}. Files are created owner-only. Every attacker-influenced
 * value (account, request id, file name) is HTML-escaped in the HTML and formula-neutralized and quoted in the CSV.
 */
final class AuditReport {

    /** Accounts shown in the HTML report; the CSV and JSON hold them all. */
    static final int HTML_ACCOUNTS = 200;
    static final String FINGERPRINT_DEFINITION =
            "lower-case hex of HMAC-SHA256(key, UTF-8(\"secret\" + U+0000 + rule_id + U+0000 + value)), key = the operator's "
                    + "pseudonymization key";
    static final List<String> CSV_COLUMNS = List.of("section", "category", "rule_id", "account", "fingerprint", "last4",
            "occurrences", "distinct_values", "accounts", "records", "share_of_records", "first_seen", "last_seen", "where");
    static final List<String> PURGE_COLUMNS = List.of("request_id", "source_file", "line", "account", "kinds",
            "categories", "occurrences");
    private static final JsonFactory JSON = new JsonFactory();
    private static final FsPermission OWNER_ONLY_FILE = new FsPermission((short) 0600);
    private static final FsPermission OWNER_ONLY_FOLDER = new FsPermission((short) 0700);

    private AuditReport() {}

    static void write(Configuration hadoop, AuditRequest request, AuditResult result, AuditJob.AuditTables tables) {
        Path folder = new Path(request.outputDirectory());
        try {
            FileSystem fileSystem = folder.getFileSystem(hadoop);
            if (fileSystem instanceof LocalFileSystem local) {
                // No .crc side files beside the reports.
                fileSystem = local.getRawFileSystem();
            }
            fileSystem.mkdirs(folder, OWNER_ONLY_FOLDER);
            try (Writer out = writer(fileSystem, new Path(folder, AuditJob.CSV))) {
                writeCsv(out, result, tables);
            }
            try (JsonGenerator out = JSON.createGenerator(create(fileSystem, new Path(folder, AuditJob.JSON)), JsonEncoding.UTF8)) {
                writeJson(out, request, result, tables);
            }
            try (Writer out = writer(fileSystem, new Path(folder, AuditJob.PURGE_CSV))) {
                writePurgeCsv(out, tables);
            }
            try (JsonGenerator out = JSON.createGenerator(create(fileSystem, new Path(folder, AuditJob.PURGE_JSON)), JsonEncoding.UTF8)) {
                writePurgeJson(out, tables);
            }
            try (Writer out = writer(fileSystem, new Path(folder, AuditJob.HTML))) {
                List<Row> topAccounts = tables.accounts()
                        .orderBy(col("occurrences").desc(), col(AuditSchema.ACCOUNT), col(AuditSchema.CATEGORY))
                        .limit(HTML_ACCOUNTS).collectAsList();
                writeHtml(out, request, result, topAccounts);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write audit report in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static OutputStream create(FileSystem fileSystem, Path path) throws IOException {
        return fileSystem.create(path, OWNER_ONLY_FILE, true, 1 << 16, fileSystem.getDefaultReplication(path),
                fileSystem.getDefaultBlockSize(path), null);
    }

    private static Writer writer(FileSystem fileSystem, Path path) throws IOException {
        return new java.io.BufferedWriter(new OutputStreamWriter(create(fileSystem, path), StandardCharsets.UTF_8), 1 << 16);
    }

    // CSV: one table with a section column, so a spreadsheet can filter summary, account and secret rows.

    static void writeCsv(Writer out, AuditResult result, AuditJob.AuditTables tables) throws IOException {
        out.write(CsvCells.row(CSV_COLUMNS));
        for (RuleSummary rule : result.rules()) {
            out.write(CsvCells.row(List.of("summary", rule.category(), rule.ruleId(), "", "", "",
                    Long.toString(rule.occurrences()), Long.toString(rule.distinctValues()), Long.toString(rule.accounts()),
                    Long.toString(rule.records()), share(rule.shareOfRecords()), text(rule.firstSeen()),
                    text(rule.lastSeen()), whereText(rule.where()))));
        }
        Iterator<Row> accounts = tables.accounts().orderBy(col(AuditSchema.ACCOUNT), col(AuditSchema.CATEGORY)).toLocalIterator();
        while (accounts.hasNext()) {
            Row row = accounts.next();
            out.write(CsvCells.row(List.of("account", string(row, AuditSchema.CATEGORY), string(row, "rules"),
                    string(row, AuditSchema.ACCOUNT), "", "", number(row, "occurrences"), number(row, "distinct_values"),
                    "1", number(row, "records"), "", time(row, "first_seen"), time(row, "last_seen"), "")));
        }
        Iterator<Row> secrets = tables.secrets().orderBy(col(AuditSchema.ACCOUNT), col(AuditSchema.CATEGORY),
                col(AuditSchema.RULE_ID), col(AuditSchema.FINGERPRINT)).toLocalIterator();
        while (secrets.hasNext()) {
            Row row = secrets.next();
            out.write(CsvCells.row(List.of("secret", string(row, AuditSchema.CATEGORY), string(row, AuditSchema.RULE_ID),
                    string(row, AuditSchema.ACCOUNT), string(row, AuditSchema.FINGERPRINT), string(row, AuditSchema.LAST_FOUR),
                    number(row, "occurrences"), "1", "1", number(row, "records"), "", time(row, "first_seen"),
                    time(row, "last_seen"), string(row, AuditSchema.WHERE))));
        }
    }

    static void writePurgeCsv(Writer out, AuditJob.AuditTables tables) throws IOException {
        out.write(CsvCells.row(PURGE_COLUMNS));
        Iterator<Row> purge = tables.purge().orderBy(col(AuditSchema.SOURCE_FILE), col(AuditSchema.SOURCE_LINE)).toLocalIterator();
        while (purge.hasNext()) {
            Row row = purge.next();
            out.write(CsvCells.row(List.of(string(row, AuditSchema.REQUEST_ID), string(row, AuditSchema.SOURCE_FILE),
                    number(row, AuditSchema.SOURCE_LINE), string(row, AuditSchema.ACCOUNT), string(row, "kinds"),
                    string(row, "categories"), number(row, "occurrences"))));
        }
    }

    static void writePurgeJson(JsonGenerator out, AuditJob.AuditTables tables) throws IOException {
        out.writeStartArray();
        Iterator<Row> purge = tables.purge().orderBy(col(AuditSchema.SOURCE_FILE), col(AuditSchema.SOURCE_LINE)).toLocalIterator();
        while (purge.hasNext()) {
            Row row = purge.next();
            out.writeRaw('\n');
            out.writeStartObject();
            out.writeStringField("request_id", nullable(row, AuditSchema.REQUEST_ID));
            out.writeStringField("source_file", nullable(row, AuditSchema.SOURCE_FILE));
            out.writeNumberField("line", row.getLong(row.fieldIndex(AuditSchema.SOURCE_LINE)));
            out.writeStringField("account", nullable(row, AuditSchema.ACCOUNT));
            writeList(out, "kinds", string(row, "kinds"));
            writeList(out, "categories", string(row, "categories"));
            out.writeNumberField("occurrences", row.getLong(row.fieldIndex("occurrences")));
            out.writeEndObject();
        }
        out.writeRaw('\n');
        out.writeEndArray();
        out.writeRaw('\n');
    }

    static void writeJson(JsonGenerator out, AuditRequest request, AuditResult result, AuditJob.AuditTables tables)
            throws IOException {
        out.writeStartObject();
        out.writeStringField("tool", "distillguard " + Versions.toolkit());
        out.writeStringField("generated_at", Instant.now().toString());
        out.writeArrayFieldStart("inputs");
        for (String input : request.inputs()) {
            out.writeString(input);
        }
        out.writeEndArray();
        out.writeStringField("from", request.from().map(Object::toString).orElse(null));
        out.writeStringField("to", request.to().map(Object::toString).orElse(null));
        out.writeStringField("fingerprint", FINGERPRINT_DEFINITION);
        out.writeObjectFieldStart("totals");
        out.writeNumberField("input_files", result.inputFiles());
        out.writeNumberField("records", result.records());
        out.writeNumberField("records_scanned", result.scannedRecords());
        out.writeNumberField("unparsed_records", result.unparsedRecords());
        out.writeNumberField("partial_records", result.partialRecords());
        out.writeNumberField("out_of_range", result.outOfRange());
        out.writeNumberField("occurrences", result.occurrences());
        out.writeNumberField("distinct_secrets", result.distinctSecrets());
        out.writeNumberField("accounts_affected", result.accountsAffected());
        out.writeNumberField("records_to_purge", result.recordsToPurge());
        out.writeEndObject();
        out.writeArrayFieldStart("rules");
        for (RuleSummary rule : result.rules()) {
            out.writeStartObject();
            out.writeStringField("rule_id", rule.ruleId());
            out.writeStringField("category", rule.category());
            out.writeNumberField("occurrences", rule.occurrences());
            out.writeNumberField("distinct_values", rule.distinctValues());
            out.writeNumberField("accounts", rule.accounts());
            out.writeNumberField("records", rule.records());
            out.writeNumberField("share_of_records", rule.shareOfRecords());
            out.writeStringField("first_seen", rule.firstSeen() == null ? null : rule.firstSeen().toString());
            out.writeStringField("last_seen", rule.lastSeen() == null ? null : rule.lastSeen().toString());
            out.writeObjectFieldStart("where");
            for (Map.Entry<String, Long> entry : rule.where().entrySet()) {
                out.writeNumberField(entry.getKey(), entry.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("accounts");
        Iterator<Row> accounts = tables.accounts().orderBy(col(AuditSchema.ACCOUNT), col(AuditSchema.CATEGORY)).toLocalIterator();
        while (accounts.hasNext()) {
            Row row = accounts.next();
            out.writeStartObject();
            out.writeStringField("account", nullable(row, AuditSchema.ACCOUNT));
            out.writeStringField("category", nullable(row, AuditSchema.CATEGORY));
            out.writeNumberField("occurrences", row.getLong(row.fieldIndex("occurrences")));
            out.writeNumberField("distinct_values", row.getLong(row.fieldIndex("distinct_values")));
            out.writeNumberField("records", row.getLong(row.fieldIndex("records")));
            writeList(out, "rules", string(row, "rules"));
            out.writeStringField("first_seen", emptyToNull(time(row, "first_seen")));
            out.writeStringField("last_seen", emptyToNull(time(row, "last_seen")));
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeArrayFieldStart("secrets");
        Iterator<Row> secrets = tables.secrets().orderBy(col(AuditSchema.ACCOUNT), col(AuditSchema.CATEGORY),
                col(AuditSchema.RULE_ID), col(AuditSchema.FINGERPRINT)).toLocalIterator();
        while (secrets.hasNext()) {
            Row row = secrets.next();
            out.writeStartObject();
            out.writeStringField("account", nullable(row, AuditSchema.ACCOUNT));
            out.writeStringField("category", nullable(row, AuditSchema.CATEGORY));
            out.writeStringField("rule_id", nullable(row, AuditSchema.RULE_ID));
            out.writeStringField("fingerprint", nullable(row, AuditSchema.FINGERPRINT));
            if (!row.isNullAt(row.fieldIndex(AuditSchema.LAST_FOUR))) {
                out.writeStringField("last4", row.getString(row.fieldIndex(AuditSchema.LAST_FOUR)));
            }
            out.writeNumberField("occurrences", row.getLong(row.fieldIndex("occurrences")));
            out.writeNumberField("records", row.getLong(row.fieldIndex("records")));
            out.writeStringField("first_seen", emptyToNull(time(row, "first_seen")));
            out.writeStringField("last_seen", emptyToNull(time(row, "last_seen")));
            writeList(out, "where", string(row, AuditSchema.WHERE));
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
        out.writeRaw('\n');
    }

    // HTML: one self-contained file, inline CSS, no script; the CSP forbids loading or running anything.

    static void writeHtml(Writer out, AuditRequest request, AuditResult result, List<Row> topAccounts) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        out.write("<meta name=\"referrer\" content=\"no-referrer\">\n");
        out.write("<title>DistillGuard log hygiene audit</title>\n<style>\n");
        out.write("body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1f24;background:#fff}\n"
                + "h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}\n"
                + ".muted{color:#57606a}table{border-collapse:collapse;margin:.5rem 0;min-width:40%}\n"
                + "th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}\n"
                + "th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
                + ".secret{color:#a40e26;font-weight:600}.pii{color:#7d4e00;font-weight:600}\n"
                + "code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.92em;word-break:break-all}\n");
        out.write("</style>\n</head>\n<body>\n");
        out.write("<h1>Log hygiene audit</h1>\n<p class=\"muted\">");
        out.write(escape("Inputs: " + String.join(", ", request.inputs()) + " · dates: "
                + request.from().map(Object::toString).orElse("any") + " to " + request.to().map(Object::toString).orElse("any")
                + " · distillguard " + Versions.toolkit()));
        out.write("</p>\n<h2>Totals</h2>\n<table>\n");
        totalRow(out, "Log files", result.inputFiles());
        totalRow(out, "Records scanned", result.scannedRecords());
        totalRow(out, "Records that did not parse (scanned as raw text)", result.unparsedRecords());
        totalRow(out, "Records read only in part (too long, truncated or unreadable file)", result.partialRecords());
        totalRow(out, "Records outside the date range (skipped)", result.outOfRange());
        totalRow(out, "Secret and PII occurrences", result.occurrences());
        totalRow(out, "Distinct values (per account and kind)", result.distinctSecrets());
        totalRow(out, "Accounts affected", result.accountsAffected());
        totalRow(out, "Records to purge (" + AuditJob.PURGE_CSV + ", " + AuditJob.PURGE_JSON + ")", result.recordsToPurge());
        out.write("</table>\n<h2>By kind</h2>\n");
        if (result.rules().isEmpty()) {
            out.write("<p>No secret or personal data found.</p>\n");
        } else {
            out.write("<table>\n<tr><th>Kind</th><th>Category</th><th>Occurrences</th><th>Distinct values</th><th>Accounts</th>"
                    + "<th>Records</th><th>Share of records</th><th>First seen</th><th>Last seen</th><th>Where</th></tr>\n");
            for (RuleSummary rule : result.rules()) {
                out.write("<tr><td><code>" + escape(rule.ruleId()) + "</code></td><td class=\"" + categoryClass(rule.category())
                        + "\">" + escape(rule.category()) + "</td>" + numberCell(rule.occurrences())
                        + numberCell(rule.distinctValues()) + numberCell(rule.accounts()) + numberCell(rule.records())
                        + "<td class=\"n\">" + escape(percent(rule.shareOfRecords())) + "</td><td>" + escape(text(rule.firstSeen()))
                        + "</td><td>" + escape(text(rule.lastSeen())) + "</td><td>" + escape(whereText(rule.where()))
                        + "</td></tr>\n");
            }
            out.write("</table>\n");
        }
        out.write("<h2>Accounts</h2>\n<p class=\"muted\">" + escape("The " + HTML_ACCOUNTS + " accounts with the most "
                + "occurrences; every account and every distinct value with its fingerprint are in " + AuditJob.CSV + " and "
                + AuditJob.JSON + ".") + "</p>\n");
        if (!topAccounts.isEmpty()) {
            out.write("<table>\n<tr><th>Account</th><th>Category</th><th>Occurrences</th><th>Distinct values</th>"
                    + "<th>Records</th><th>Kinds</th><th>First seen</th><th>Last seen</th></tr>\n");
            for (Row row : topAccounts) {
                String account = nullable(row, AuditSchema.ACCOUNT);
                String category = string(row, AuditSchema.CATEGORY);
                out.write("<tr><td><code>" + (account == null ? "(unknown)" : escape(account)) + "</code></td><td class=\""
                        + categoryClass(category) + "\">" + escape(category) + "</td>"
                        + numberCell(row.getLong(row.fieldIndex("occurrences")))
                        + numberCell(row.getLong(row.fieldIndex("distinct_values")))
                        + numberCell(row.getLong(row.fieldIndex("records"))) + "<td>" + escape(string(row, "rules").replace(";", ", "))
                        + "</td><td>" + escape(time(row, "first_seen")) + "</td><td>" + escape(time(row, "last_seen"))
                        + "</td></tr>\n");
            }
            out.write("</table>\n");
        }
        out.write("<h2>Fingerprints</h2>\n<p>" + escape("Each distinct value is identified by its fingerprint: "
                + FINGERPRINT_DEFINITION + ". Compute the same over your own list of issued or revoked credentials to "
                + "match them without revealing either side. Only payment cards show their last four characters.")
                + "</p>\n</body>\n</html>\n");
    }

    private static void totalRow(Writer out, String label, long value) throws IOException {
        out.write("<tr><th>" + escape(label) + "</th>" + numberCell(value) + "</tr>\n");
    }

    private static String numberCell(long value) {
        return "<td class=\"n\">" + String.format(Locale.ROOT, "%,d", value) + "</td>";
    }

    private static String categoryClass(String category) {
        return "pii".equals(category) ? "pii" : "secret";
    }

    private static String escape(String value) {
        return HtmlEscape.text(value);
    }

    private static String whereText(Map<String, Long> where) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> entry : where.entrySet()) {
            parts.add(entry.getKey() + " " + entry.getValue());
        }
        return String.join("; ", parts);
    }

    private static String share(double share) {
        return String.format(Locale.ROOT, "%.6f", share);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.3f%%", 100 * share);
    }

    private static String text(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    private static String time(Row row, String field) {
        Timestamp timestamp = row.getTimestamp(row.fieldIndex(field));
        return timestamp == null ? "" : timestamp.toInstant().toString();
    }

    private static String string(Row row, String field) {
        String value = nullable(row, field);
        return value == null ? "" : value;
    }

    private static String nullable(Row row, String field) {
        int index = row.fieldIndex(field);
        return row.isNullAt(index) ? null : row.getString(index);
    }

    private static String number(Row row, String field) {
        return Long.toString(row.getLong(row.fieldIndex(field)));
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static void writeList(JsonGenerator out, String field, String joined) throws IOException {
        out.writeArrayFieldStart(field);
        if (!joined.isEmpty()) {
            for (String item : joined.split(";")) {
                out.writeString(item);
            }
        }
        out.writeEndArray();
    }
}
