package org.distillguard.nightly;

import java.util.List;
import java.util.Map;
import org.distillguard.ingest.IngestResult;

/**
 * {@code manifest.json} of a published date: what went in, what came out, which gates passed, how long each stage
 * took, and which code, configuration and model made it. Counts, paths, versions and digests only: no record
 * content, no identifiers, no keys.
 */
public record NightlyManifest(
        String runId,
        String date,
        String status,
        List<IngestResult.InputFileSummary> inputs,
        long records,
        long events,
        long duplicates,
        long outOfRange,
        long quarantinedTotal,
        Map<String, Long> quarantined,
        Map<String, Long> outputs,
        List<GateResult> gates,
        Map<String, Long> stageMillis,
        Map<String, String> versions,
        String configHash,
        String modelId,
        String modelDigest) {

    public NightlyManifest {
        inputs = List.copyOf(inputs);
        quarantined = Map.copyOf(quarantined);
        outputs = Map.copyOf(outputs);
        gates = List.copyOf(gates);
        // Stages in the order they ran.
        stageMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stageMillis));
        versions = Map.copyOf(versions);
    }
}
