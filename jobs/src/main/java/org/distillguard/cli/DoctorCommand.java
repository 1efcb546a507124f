package org.distillguard.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.distillguard.audit.Doctor;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.redact.HmacKey;
import org.distillguard.runtime.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {
            "Checks what would make DistillGuard itself a leak: warehouse or output folders other users can read, a",
            "missing or weak HMAC key, a review server bound beyond loopback, Spark's UI or event logs without redaction",
            "of key-like properties, quarantine files older than the retention. Prints each finding with its fix.",
            "Exit code 1 when anything is found, 0 and 'no exposure found' otherwise. Starts no Spark session."})
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "The warehouse (ingest's --out) or an output folder.")
    String warehouse;

    @Option(names = "--review-bind", paramLabel = "ADDRESS",
            description = "The address the review server is to listen on (host or host:port), e.g. 127.0.0.1:8765.")
    String reviewBind;

    @Override
    public Integer call() {
        DistillGuardConfig config = common.config();
        Optional<HmacKey> key = Optional.empty();
        Optional<String> keyError = Optional.empty();
        try {
            if (common.hmacKeyFile != null || System.getenv(HmacKey.ENVIRONMENT_VARIABLE) != null) {
                key = Optional.of(common.requiredKey());
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // HmacKey's messages never hold the key.
            keyError = Optional.of(e.getMessage());
        }
        List<Doctor.Finding> findings = Doctor.check(new Doctor.Setup(warehouse, key, keyError,
                Optional.ofNullable(common.hmacKeyFile), Optional.ofNullable(reviewBind),
                SparkSessions.effectiveSettings("distillguard-doctor", config.spark()), config.retention(),
                LocalDate.now(ZoneOffset.UTC)));
        if (findings.isEmpty()) {
            System.out.println("doctor: no exposure found in " + warehouse);
            return Main.EXIT_OK;
        }
        System.out.println("doctor: " + findings.size() + " exposure(s) found");
        for (Doctor.Finding finding : findings) {
            System.out.println("  [" + finding.severity() + "] " + finding.check() + ": " + finding.message());
            System.out.println("      fix: " + finding.fix());
        }
        return Main.EXIT_FAILURE;
    }
}
