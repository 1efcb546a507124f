package org.distillguard.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
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
}
