package org.distillguard.cli;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.distillguard.audit.AuditJob;
import org.distillguard.audit.AuditRequest;
import org.distillguard.audit.AuditResult;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Redactors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {
            "Scans raw request logs (every format ingest reads) for secrets and personal data users pasted into them,",
            "with ingest's rules, and writes audit.html, audit.csv, audit.json (by kind, by account, a fingerprint per",
            "distinct value) and purge.csv / purge.json (the records to delete). No raw text is written.",
            "Needs DISTILLGUARD_HMAC_KEY or --hmac-key-file: fingerprints are HMACs under that key."})
final class AuditCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--input", required = true, split = ",", paramLabel = "PATH",
            description = "Log file or folder (searched recursively). Repeatable or comma-separated.")
    List<String> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (owner-only).")
    String out;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Skip records before this UTC date.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Skip records after this UTC date (inclusive).")
    LocalDate to;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        HmacKey key = common.requiredKey();
        AuditRequest request = new AuditRequest(inputs, out, Optional.ofNullable(from), Optional.ofNullable(to));
        SparkSession spark = Sessions.start("distillguard-audit", config);
        try {
            AuditResult result = AuditJob.run(spark, config, Redactors.fromConfig(config.redaction()), key, request);
            Summaries.printAudit(System.out, result);
            return Main.EXIT_OK;
        } finally {
            spark.stop();
        }
    }
}
