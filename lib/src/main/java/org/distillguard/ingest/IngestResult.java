package org.distillguard.ingest;

import java.util.List;
import java.util.Map;

/**
 * What one ingest run read and wrote; serialized as the run's {@code manifest.json}. Holds counts, paths and
 * versions only: no record content and no identifiers.
 *
 * @param records records read (non-blank lines, CSV rows, Parquet rows, plus one per truncated or unreadable file)
 * @param events events published (after duplicate request ids were merged)
 * @param duplicates events dropped because another event had the same request id (gateway retries)
 * @param outOfRange valid records whose date was not the requested one
 * @param quarantined records quarantined, by reason
 */
public record IngestResult(
        String status,
        String label,
        List<InputFileSummary> inputs,
        long records,
        long events,
        long duplicates,
        long outOfRange,
        long blankLines,
        long quarantinedTotal,
        Map<String, Long> quarantined,
        Map<String, Long> eventsByDate,
        double quarantineRate,
        long elapsedMillis,
        Map<String, String> versions,
        String configHash) {

    public IngestResult {
        inputs = List.copyOf(inputs);
        quarantined = Map.copyOf(quarantined);
        eventsByDate = Map.copyOf(eventsByDate);
        versions = Map.copyOf(versions);
    }

    /** Every record is accounted for: published, merged as a duplicate, for another date, or quarantined. */
    public boolean balances() {
        return records == events + duplicates + outOfRange + quarantinedTotal;
    }

    public record InputFileSummary(String path, String format, long bytes) {}
}
