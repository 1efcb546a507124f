package org.distillguard.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How raw request logs are read, validated and quarantined.
 *
 * @param maxLineBytes lines longer than this are quarantined as {@code too_large} without being buffered whole
 * @param maxQuarantineRate the run fails when more than this share of the records read are quarantined
 * @param splitBytes uncompressed files larger than this are read by several tasks in byte ranges
 * @param maxTextChars prompt, system and response text longer than this is cut before it is stored
 * @param excerptChars length of the redacted excerpt kept with each quarantined record
 * @param pseudonymizeAccountId replace {@code account_id} by its HMAC pseudonym too (analysts act on the plain id,
 *     so this is off unless the operator's policy requires it)
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record IngestConfig(
        long maxLineBytes,
        double maxQuarantineRate,
        long splitBytes,
        int maxTextChars,
        int excerptChars,
        boolean pseudonymizeAccountId) implements java.io.Serializable {

    public static final long MAX_LINE_BYTES_DEFAULT = 1L << 20;
    public static final double MAX_QUARANTINE_RATE_DEFAULT = 0.01;
    public static final long SPLIT_BYTES_DEFAULT = 64L << 20;
    public static final int MAX_TEXT_CHARS_DEFAULT = 16_384;
    public static final int EXCERPT_CHARS_DEFAULT = 120;
    public static final boolean PSEUDONYMIZE_ACCOUNT_ID_DEFAULT = false;

    public IngestConfig {
        ConfigChecks.requireRange("ingest.max-line-bytes", maxLineBytes, 1024, 1L << 30);
        ConfigChecks.requireRange("ingest.max-quarantine-rate", maxQuarantineRate, 0.0, 1.0);
        ConfigChecks.requireRange("ingest.split-bytes", splitBytes, 1L << 16, Long.MAX_VALUE);
        ConfigChecks.requireRange("ingest.max-text-chars", maxTextChars, 16, 1 << 24);
        ConfigChecks.requireRange("ingest.excerpt-chars", excerptChars, 0, 1024);
    }

    public static IngestConfig defaults() {
        return new IngestConfig(MAX_LINE_BYTES_DEFAULT, MAX_QUARANTINE_RATE_DEFAULT, SPLIT_BYTES_DEFAULT,
                MAX_TEXT_CHARS_DEFAULT, EXCERPT_CHARS_DEFAULT, PSEUDONYMIZE_ACCOUNT_ID_DEFAULT);
    }
}
