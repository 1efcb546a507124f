package org.distillguard.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The totals of one audit run; the full tables are in the output files.
 *
 * @param inputFiles log files found
 * @param records records read (within the date range or undated, plus those skipped as out of range)
 * @param unparsedRecords records that did not parse and were scanned as raw text
 * @param partialRecords records read only in part (longer than {@code ingest.max-line-bytes}: the first 4 KiB), or
 *     files that could not be read to the end
 * @param outOfRange records skipped because their date is outside {@code --from}/{@code --to}
 * @param occurrences secret and PII occurrences found
 * @param distinctSecrets distinct (account, rule, fingerprint) triples
 * @param accountsAffected distinct accounts with at least one finding
 * @param recordsToPurge records holding at least one finding
 * @param rules one summary per rule that found something, secrets first, then by occurrences
 * @param outputDirectory where the files were written
 * @param elapsedMillis wall time of the run
 */
public record AuditResult(int inputFiles, long records, long unparsedRecords, long partialRecords, long outOfRange,
        long occurrences, long distinctSecrets, long accountsAffected, long recordsToPurge, List<RuleSummary> rules,
        String outputDirectory, long elapsedMillis) {
    public AuditResult {
        rules = List.copyOf(requireNonNull(rules, "rules is null"));
        requireNonNull(outputDirectory, "outputDirectory is null");
    }

    /** This result with the run's wall time. */
    public AuditResult withElapsedMillis(long millis) {
        return new AuditResult(inputFiles, records, unparsedRecords, partialRecords, outOfRange, occurrences,
                distinctSecrets, accountsAffected, recordsToPurge, rules, outputDirectory, millis);
    }

    /** Records scanned: read and not skipped as out of range. */
    public long scannedRecords() {
        return records - outOfRange;
    }
}
