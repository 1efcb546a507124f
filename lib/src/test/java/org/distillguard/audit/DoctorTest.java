package org.distillguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.distillguard.config.RetentionConfig;
import org.distillguard.config.SparkConfig;
import org.distillguard.redact.HmacKey;
import org.distillguard.runtime.SparkSessions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-24");
    private static final HmacKey STRONG_KEY = HmacKey.of("9f2c7a1e5b3d8f60a4c2e7b91d3f5a8c6e0b2d4f7a9c1e3b5d7f9a2c4e6b8d0f");
    private static final Map<String, String> SAFE_SPARK = Map.of("spark.ui.enabled", "false", "spark.eventLog.enabled", "false");

    @TempDir
    Path folder;
    private Path warehouse;

    @BeforeEach
    void ownerOnlyWarehouse() throws IOException {
        warehouse = folder.resolve("warehouse");
        Path events = Files.createDirectories(warehouse.resolve("events").resolve("date=2026-11-24"));
        Files.writeString(events.resolve("part-00000.parquet"), "x");
        Path quarantine = Files.createDirectories(warehouse.resolve("quarantine").resolve("date=2026-11-24"));
        Files.writeString(quarantine.resolve("part-00000.jsonl"), "{}");
        org.distillguard.publish.Directories.restrictToOwner(new org.apache.hadoop.conf.Configuration(), warehouse.toString());
    }

    private Doctor.Setup setup(Optional<HmacKey> key, Optional<String> reviewBind, Map<String, String> spark) {
        return new Doctor.Setup(warehouse.toString(), key, Optional.empty(), Optional.empty(), reviewBind, spark,
                RetentionConfig.defaults(), TODAY);
    }

    @Test
    void givenACleanSetUp_whenChecked_thenNoExposureIsFound() {
        assertThat(Doctor.check(setup(Optional.of(STRONG_KEY), Optional.of("127.0.0.1:8765"), SAFE_SPARK))).isEmpty();
    }

    @Test
    void givenTheToolkitsOwnSparkDefaultsWithTheUiTurnedOn_whenChecked_thenTheRedactionRegexCoversKeyLikeNames() {
        Map<String, String> settings = new java.util.HashMap<>(SparkSessions.defaults("test", SparkConfig.defaults(), "local[*]"));
        settings.put("spark.ui.enabled", "true");
        settings.put("spark.eventLog.enabled", "true");
        assertThat(Doctor.checkSpark(settings)).isEmpty();
    }

    @Test
    void givenAWorldReadableWarehouse_whenChecked_thenThePermissionsFindingNamesThePathsAndTheFix() throws IOException {
        Path events = warehouse.resolve("events").resolve("date=2026-11-24");
        Files.setPosixFilePermissions(events, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(events.resolve("part-00000.parquet"), PosixFilePermissions.fromString("rw-r--r--"));

        List<Doctor.Finding> findings = Doctor.check(setup(Optional.of(STRONG_KEY), Optional.empty(), SAFE_SPARK));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo(Doctor.PERMISSIONS);
            assertThat(finding.severity()).isEqualTo(Doctor.Severity.HIGH);
            assertThat(finding.message()).startsWith("2 path(s) under").contains("part-00000.parquet (rw-r--r--)");
            assertThat(finding.fix()).contains("chmod -R go-rwx " + warehouse);
        });
    }

    @Test
    void givenAWeakOrMissingKey_whenChecked_thenEachIsAFindingThatNeverShowsTheKey() {
        List<Doctor.Finding> weak = Doctor.check(setup(Optional.of(HmacKey.of(HmacKey.DOCUMENTED_EXAMPLE)), Optional.empty(), SAFE_SPARK));
        assertThat(weak).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo(Doctor.HMAC_KEY);
            assertThat(finding.message()).contains("documented example").doesNotContain(HmacKey.DOCUMENTED_EXAMPLE);
            assertThat(finding.fix()).contains("openssl rand -hex 32");
        });
        List<Doctor.Finding> lowEntropy = Doctor.check(setup(Optional.of(HmacKey.of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")),
                Optional.empty(), SAFE_SPARK));
        assertThat(lowEntropy).singleElement().satisfies(finding -> assertThat(finding.message()).contains("low entropy"));
        assertThat(Doctor.check(setup(Optional.empty(), Optional.empty(), SAFE_SPARK)))
                .singleElement().satisfies(finding -> assertThat(finding.message()).startsWith("No HMAC key is configured"));
    }

    @Test
    void givenAKeyFileOthersCanRead_whenChecked_thenItIsAFinding() throws IOException {
        Path keyFile = folder.resolve("hmac.key");
        Files.writeString(keyFile, "9f2c7a1e5b3d8f60a4c2e7b91d3f5a8c6e0b2d4f7a9c1e3b5d7f9a2c4e6b8d0f\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        List<Doctor.Finding> findings = Doctor.checkKey(Optional.of(HmacKey.fromFile(keyFile)), Optional.empty(), Optional.of(keyFile));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo(Doctor.HMAC_KEY_FILE);
            assertThat(finding.fix()).isEqualTo("Run 'chmod 600 " + keyFile + "', and replace the key if others may have read it.");
        });
    }

    @Test
    void givenAReviewServerOnEveryInterface_whenChecked_thenItIsAFinding() {
        for (String bind : List.of("0.0.0.0", "0.0.0.0:8765", "[::]:8765", "192.0.2.10:8765", ":8765")) {
            assertThat(Doctor.checkReviewBind(Optional.of(bind))).as(bind).singleElement()
                    .satisfies(finding -> {
                        assertThat(finding.check()).isEqualTo(Doctor.REVIEW_BIND);
                        assertThat(finding.fix()).contains("127.0.0.1");
                    });
        }
        assertThat(Doctor.checkReviewBind(Optional.of("0.0.0.0:8765")).get(0).message()).contains("every network interface");
        for (String bind : List.of("127.0.0.1", "127.0.0.1:8765", "localhost:8765", "[::1]:8765", "::1")) {
            assertThat(Doctor.checkReviewBind(Optional.of(bind))).as(bind).isEmpty();
        }
        assertThat(Doctor.checkReviewBind(Optional.empty())).isEmpty();
    }

    @Test
    void givenSparkEventLogsWithoutRedaction_whenChecked_thenTheMissingWordsAreNamed() {
        List<Doctor.Finding> findings = Doctor.check(setup(Optional.of(STRONG_KEY), Optional.empty(),
                Map.of("spark.ui.enabled", "false", "spark.eventLog.enabled", "true")));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo(Doctor.SPARK_REDACTION);
            assertThat(finding.message()).startsWith("Spark's event logs are enabled").contains("hmac, key");
            assertThat(finding.fix()).contains(SparkSessions.REDACTION_REGEX);
        });
        assertThat(Doctor.checkSpark(Map.of("spark.ui.enabled", "true", "spark.redaction.regex", "(?i)password")))
                .singleElement().satisfies(finding -> assertThat(finding.message()).contains("hmac, secret, token, key"));
        assertThat(Doctor.checkSpark(Map.of())).as("the UI is on by default in Spark").hasSize(1);
    }

    @Test
    void givenQuarantineFilesOlderThanTheRetention_whenChecked_thenTheyAreAFinding() throws IOException {
        Path old = Files.createDirectories(warehouse.resolve("quarantine").resolve("date=2026-10-01"));
        Files.writeString(old.resolve("part-00000.jsonl"), "{}");
        Path undated = Files.createDirectories(warehouse.resolve("quarantine").resolve("date=all"));
        Path stale = Files.writeString(undated.resolve("part-00001.jsonl"), "{}");
        Files.setLastModifiedTime(stale, FileTime.from(TODAY.minusDays(40).atStartOfDay(ZoneOffset.UTC).toInstant()));
        org.distillguard.publish.Directories.restrictToOwner(new org.apache.hadoop.conf.Configuration(), warehouse.toString());

        List<Doctor.Finding> findings = Doctor.check(setup(Optional.of(STRONG_KEY), Optional.empty(), SAFE_SPARK));

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo(Doctor.QUARANTINE_RETENTION);
            assertThat(finding.message()).startsWith("2 quarantine file(s)").contains("date=2026-10-01").contains("date=all");
            assertThat(finding.fix()).contains("distillguard retention --warehouse");
        });
    }

    @Test
    void givenAMissingWarehouse_whenChecked_thenTheFindingSaysWhatToPass() {
        assertThat(Doctor.checkWarehouse(new org.apache.hadoop.conf.Configuration(), folder.resolve("nope").toString())).singleElement()
                .satisfies(finding -> assertThat(finding.check()).isEqualTo(Doctor.WAREHOUSE));
    }
}
