package org.distillguard.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.distillguard.audit.AuditJob;
import org.distillguard.audit.AuditResult;
import org.distillguard.audit.RuleSummary;
import org.distillguard.ingest.IngestResult;
import org.distillguard.nightly.NightlyManifest;

/** Human-readable run summaries printed at the end of a command. */
final class Summaries {
    private Summaries() {}

    static void printIngest(PrintStream out, IngestResult result, String outputDirectory) {
        out.printf(Locale.ROOT, "ingest %s: read %,d records from %d file(s) in %.1f s%n", result.label(),
                result.records(), result.inputs().size(), result.elapsedMillis() / 1000.0);
        out.printf(Locale.ROOT, "  events published   %,d  (%d date(s): %s)%n", result.events(),
                result.eventsByDate().size(), String.join(", ", new java.util.TreeSet<>(result.eventsByDate().keySet())));
        out.printf(Locale.ROOT, "  duplicates merged  %,d%n", result.duplicates());
        if (result.outOfRange() > 0) {
            out.printf(Locale.ROOT, "  other dates        %,d%n", result.outOfRange());
        }
        out.printf(Locale.ROOT, "  quarantined        %,d  (%.2f%%)%n", result.quarantinedTotal(), 100 * result.quarantineRate());
        for (Map.Entry<String, Long> entry : new java.util.TreeMap<>(result.quarantined()).entrySet()) {
            out.printf(Locale.ROOT, "    %-28s %,d%n", entry.getKey(), entry.getValue());
        }
        out.printf(Locale.ROOT, "  output             %s (events/, quarantine/, manifest.json)%n", outputDirectory);
    }

    static void printNightly(PrintStream out, java.util.List<NightlyManifest> manifests, long millis, String warehouse) {
        out.println();
        out.printf(Locale.ROOT, "nightly: %d date(s) published in %.1f s -> %s/published%n", manifests.size(), millis / 1000.0, warehouse);
        out.println("| date | records | quarantined | events | accounts | flagged | clusters | time per stage (s) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        for (NightlyManifest manifest : manifests) {
            StringBuilder stages = new StringBuilder();
            manifest.stageMillis().forEach((stage, ms) -> stages.append(stage).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", ms / 1000.0)).append("  "));
            out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %s|%n", manifest.date(), manifest.records(),
                    manifest.quarantinedTotal(), manifest.events(), manifest.outputs().getOrDefault("account_features", 0L),
                    manifest.outputs().getOrDefault("flagged", 0L), manifest.outputs().getOrDefault("clusters", 0L),
                    stages.toString());
        }
    }

    static void printAudit(PrintStream out, AuditResult result) {
        out.printf(Locale.ROOT, "audit: scanned %,d records from %d file(s) in %.1f s%n", result.scannedRecords(),
                result.inputFiles(), result.elapsedMillis() / 1000.0);
        if (result.outOfRange() > 0) {
            out.printf(Locale.ROOT, "  outside the dates  %,d (skipped)%n", result.outOfRange());
        }
        out.printf(Locale.ROOT, "  unparsed           %,d (scanned as raw text)%n", result.unparsedRecords());
        if (result.partialRecords() > 0) {
            out.printf(Locale.ROOT, "  read in part       %,d (too long, truncated or unreadable)%n", result.partialRecords());
        }
        out.printf(Locale.ROOT, "  occurrences        %,d  distinct values %,d  accounts %,d  records to purge %,d%n",
                result.occurrences(), result.distinctSecrets(), result.accountsAffected(), result.recordsToPurge());
        if (result.rules().isEmpty()) {
            out.println("  no secret or personal data found");
        } else {
            out.printf(Locale.ROOT, "  %-28s %-6s %12s %9s %9s %9s  %s%n", "kind", "", "occurrences", "distinct",
                    "accounts", "records", "where");
            for (RuleSummary rule : result.rules()) {
                StringBuilder where = new StringBuilder();
                rule.where().forEach((place, count) -> where.append(where.isEmpty() ? "" : ", ").append(place).append(' ').append(count));
                out.printf(Locale.ROOT, "  %-28s %-6s %,12d %,9d %,9d %,9d  %s%n", rule.ruleId(), rule.category(),
                        rule.occurrences(), rule.distinctValues(), rule.accounts(), rule.records(), where);
            }
        }
        out.printf(Locale.ROOT, "  output             %s (%s, %s, %s, %s, %s)%n", result.outputDirectory(), AuditJob.HTML,
                AuditJob.CSV, AuditJob.JSON, AuditJob.PURGE_CSV, AuditJob.PURGE_JSON);
    }
}
