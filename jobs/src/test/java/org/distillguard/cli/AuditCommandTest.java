package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.distillguard.simulate.SyntheticSecrets;
import org.distillguard.testing.TestLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs audit, doctor and retention as an operator would, in a child JVM, and reads what they print and write. */
class AuditCommandTest {

    private static final String HMAC_KEY = "audit-command-key-3c9e1a7f5b2d4e6a8c0f1b3d5e7a9c2f";

    @TempDir
    Path folder;

    @Test
    void givenLogsWithSecrets_whenAudited_thenTheSummaryIsPrintedAndNoSecretIsPrintedOrWritten() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<String> secrets = new ArrayList<>();
        StringBuilder logs = new StringBuilder();
        int line = 0;
        for (String kind : SyntheticSecrets.kinds()) {
            String secret = SyntheticSecrets.generate(kind, random);
            secrets.add(secret);
            for (int copy = 0; copy < 3; copy++) {
                line++;
                logs.append(TestLogs.line("req-" + line, "2026-11-24T10:00:00Z", "acct_" + copy,
                        SyntheticSecrets.embed(kind, secret, random))).append('\n');
            }
        }
        Path input = folder.resolve("logs.jsonl");
        Files.writeString(input, logs);
        Path keyFile = folder.resolve("hmac.key");
        Files.writeString(keyFile, HMAC_KEY + "\n");
        Path out = folder.resolve("audit");

        ChildProcess.Result result = ChildProcess.run(folder, Map.of(), "audit", "--input", input.toString(),
                "--out", out.toString(), "--hmac-key-file", keyFile.toString(), "--from", "2026-11-24", "--to", "2026-11-24");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("audit: scanned " + line + " records from 1 file(s)")
                .contains("aws-access-key").contains("payment-card").contains("audit.html");
        StringBuilder everything = new StringBuilder(result.output());
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.toList()) {
                String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                assertThat(permissions).as(file.toString()).isIn("rw-------", "rwx------");
                if (Files.isRegularFile(file)) {
                    everything.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        }
        for (String secret : secrets) {
            assertThat(everything.toString().contains(secret)).as("a raw secret was printed or written").isFalse();
        }
        assertThat(everything.toString()).doesNotContain(HMAC_KEY);
    }

    @Test
    void givenNoKey_whenAudited_thenItRefusesWithTheFix() throws Exception {
        Path input = folder.resolve("logs.jsonl");
        Files.writeString(input, TestLogs.line("r1", "2026-11-24T10:00:00Z", "acct_1", "hello") + "\n");

        ChildProcess.Result result = ChildProcess.run(folder, Map.of(), "audit", "--input", input.toString(),
                "--out", folder.resolve("out").toString());

        assertThat(result.exitCode()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(result.stderr()).contains("no HMAC key is configured").contains("openssl rand -hex 32");
    }

    @Test
    void givenPlantedMisconfigurations_whenDoctorRuns_thenEachIsReportedAndACleanSetUpPasses() throws Exception {
        Path warehouse = Files.createDirectories(folder.resolve("warehouse").resolve("events").resolve("date=2026-11-24")).getParent().getParent();
        Files.writeString(warehouse.resolve("events").resolve("date=2026-11-24").resolve("part-0.parquet"), "x");
        Path goodKey = folder.resolve("good.key");
        Files.writeString(goodKey, "9f2c7a1e5b3d8f60a4c2e7b91d3f5a8c6e0b2d4f7a9c1e3b5d7f9a2c4e6b8d0f\n");
        Files.setPosixFilePermissions(goodKey, PosixFilePermissions.fromString("rw-------"));
        org.distillguard.publish.Directories.restrictToOwner(new org.apache.hadoop.conf.Configuration(), warehouse.toString());

        ChildProcess.Result clean = ChildProcess.run(folder, Map.of(), "doctor", "--warehouse", warehouse.toString(),
                "--hmac-key-file", goodKey.toString(), "--review-bind", "127.0.0.1:8765");
        assertThat(clean.exitCode()).as(clean.output()).isZero();
        assertThat(clean.stdout()).contains("no exposure found");

        Files.setPosixFilePermissions(warehouse, PosixFilePermissions.fromString("rwxr-xr-x"));
        ChildProcess.Result exposed = ChildProcess.run(folder, Map.of("DISTILLGUARD_HMAC_KEY", "change-me-to-a-long-random-value"),
                "doctor", "--warehouse", warehouse.toString(), "--review-bind", "0.0.0.0:8765",
                "--set", "spark.settings.spark.eventLog.enabled=true",
                "--set", "spark.settings.spark.redaction.regex=(?i)password");
        assertThat(exposed.exitCode()).as(exposed.output()).isEqualTo(Main.EXIT_FAILURE);
        assertThat(exposed.stdout()).contains("[HIGH] permissions:").contains("[HIGH] hmac-key:")
                .contains("[HIGH] review-bind:").contains("[HIGH] spark-redaction:").contains("fix: ")
                .doesNotContain("change-me-to-a-long-random-value");
    }

    @Test
    void givenExpiredFolders_whenRetentionRunsDryThenForReal_thenItListsThenDeletesThem() throws Exception {
        Path warehouse = folder.resolve("warehouse");
        Path old = Files.createDirectories(warehouse.resolve("quarantine").resolve("date=2020-01-01"));
        Files.writeString(old.resolve("part-00000.jsonl"), "{}");
        Path recent = Files.createDirectories(warehouse.resolve("events").resolve("date=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)));

        ChildProcess.Result dry = ChildProcess.run(folder, Map.of(), "retention", "--warehouse", warehouse.toString(), "--dry-run");
        assertThat(dry.exitCode()).as(dry.output()).isZero();
        assertThat(dry.stdout()).contains("would delete").contains("date=2020-01-01").contains("nothing was deleted");
        assertThat(old).exists();

        ChildProcess.Result real = ChildProcess.run(folder, Map.of(), "retention", "--warehouse", warehouse.toString());
        assertThat(real.exitCode()).as(real.output()).isZero();
        assertThat(real.stdout()).contains("deleted 1 folder(s)");
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }
}
