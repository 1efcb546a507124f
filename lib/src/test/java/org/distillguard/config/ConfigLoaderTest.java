package org.distillguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path folder;

    @Test
    void givenNothing_whenLoaded_thenEveryKeyHasItsDefault() {
        DistillGuardConfig config = ConfigLoader.load(Optional.empty(), List.of());

        assertThat(config.ingest().maxLineBytes()).isEqualTo(IngestConfig.MAX_LINE_BYTES_DEFAULT);
        assertThat(config.ingest().maxQuarantineRate()).isEqualTo(0.01);
        assertThat(config.ingest().splitBytes()).isEqualTo(IngestConfig.SPLIT_BYTES_DEFAULT);
        assertThat(config.ingest().maxTextChars()).isEqualTo(IngestConfig.MAX_TEXT_CHARS_DEFAULT);
        assertThat(config.ingest().excerptChars()).isEqualTo(IngestConfig.EXCERPT_CHARS_DEFAULT);
        assertThat(config.ingest().pseudonymizeAccountId()).isFalse();
        assertThat(config.redaction().extraRulesFile()).isEmpty();
        assertThat(config.spark().master()).isEqualTo("local[*]");
        assertThat(config.spark().shufflePartitions()).isEqualTo(8);
        assertThat(config.spark().settings()).isEmpty();
        assertThat(config.retention()).isEqualTo(new RetentionConfig(RetentionConfig.EVENTS_DAYS_DEFAULT,
                RetentionConfig.QUARANTINE_DAYS_DEFAULT, RetentionConfig.REPORTS_DAYS_DEFAULT));
    }

    @Test
    void givenEveryKeyInAFile_whenLoaded_thenEveryKeyIsMapped() throws IOException {
        Path file = write("""
                ingest:
                  max-line-bytes: 4096
                  max-quarantine-rate: 0.05
                  split-bytes: 1048576
                  max-text-chars: 100
                  excerpt-chars: 10
                  pseudonymize-account-id: true
                redaction:
                  extra-rules-file: /etc/distillguard/rules.yaml
                spark:
                  master: local[2]
                  shuffle-partitions: 16
                  settings:
                    spark.executor.memory: 4g
                nightly:
                  min-rows-ratio: 0.1
                  max-rows-ratio: 3.0
                  baseline-days: 14
                  max-null-rate: 0.2
                  max-score-drift: 0.3
                retention:
                  events-days: 30
                  quarantine-days: 7
                  reports-days: 60
                """);

        DistillGuardConfig config = ConfigLoader.load(Optional.of(file), List.of());

        assertThat(config).isEqualTo(new DistillGuardConfig(
                new IngestConfig(4096, 0.05, 1048576, 100, 10, true),
                new RedactionConfig("/etc/distillguard/rules.yaml"),
                new SparkConfig("local[2]", 16, Map.of("spark.executor.memory", "4g")),
                FeatureConfig.defaults(),
                CoordinationConfig.defaults(),
                ScoringConfig.defaults(),
                ReviewConfig.defaults(),
                new NightlyConfig(0.1, 3.0, 14, 0.2, 0.3),
                new RetentionConfig(30, 7, 60)));
    }

    @Test
    void givenFileAndCommandLine_whenLoaded_thenCommandLineWinsOverFileWhichWinsOverDefaults() throws IOException {
        Path file = write("""
                ingest:
                  max-line-bytes: 4096
                  excerpt-chars: 10
                """);

        DistillGuardConfig config = ConfigLoader.load(Optional.of(file),
                List.of("ingest.max-line-bytes=8192", "spark.settings.spark.sql.adaptive.enabled=false"));

        assertThat(config.ingest().maxLineBytes()).isEqualTo(8192);
        assertThat(config.ingest().excerptChars()).isEqualTo(10);
        assertThat(config.ingest().maxQuarantineRate()).isEqualTo(IngestConfig.MAX_QUARANTINE_RATE_DEFAULT);
        assertThat(config.spark().settings()).containsEntry("spark.sql.adaptive.enabled", "false");
    }

    @Test
    void givenUnknownKeyInFile_whenLoaded_thenRejectedByName() throws IOException {
        Path file = write("""
                ingest:
                  max-line-byte: 4096
                """);

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid config key: ingest.max-line-byte")
                .hasMessageContaining("max-line-bytes");
    }

    @Test
    void givenUnknownSection_whenLoaded_thenRejectedByName() throws IOException {
        Path file = write("ingestion:\n  max-line-bytes: 4096\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), List.of()))
                .hasMessageContaining("Invalid config key: ingestion");
    }

    @Test
    void givenUnknownKeyOnCommandLine_whenLoaded_thenRejectedByName() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), List.of("ingest.nope=1")))
                .hasMessageContaining("Invalid config key: ingest.nope")
                .hasMessageContaining("max-line-bytes");
    }

    @Test
    void givenValueOutOfRange_whenLoaded_thenMessageNamesKeyValueAndRange() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), List.of("ingest.max-quarantine-rate=2")))
                .hasMessage("Invalid config value for ingest.max-quarantine-rate: 2.0 (expected 0.0 to 1.0)");
    }

    @Test
    void givenNonNumericValue_whenLoaded_thenMessageSaysANumberIsExpected() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), List.of("ingest.max-line-bytes=lots")))
                .hasMessageContaining("Invalid value for ingest.max-line-bytes: 'lots' (expected a number)");
    }

    @Test
    void givenMalformedOverride_whenLoaded_thenMessageShowsTheExpectedShape() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), List.of("ingest.max-line-bytes")))
                .hasMessageContaining("expected key=value");
    }

    @Test
    void givenMissingFile_whenLoaded_thenMessageNamesTheFile() {
        Path missing = folder.resolve("missing.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(missing), List.of()))
                .hasMessageContaining("Cannot read config file: " + missing);
    }

    @Test
    void givenTheShippedExampleFile_whenLoaded_thenItEqualsTheDefaults() {
        Path shipped = Path.of("..", "conf", "distillguard.yaml");
        assertThat(ConfigLoader.load(Optional.of(shipped), List.of())).isEqualTo(DistillGuardConfig.defaults());
    }

    @Test
    void givenEqualConfigs_whenHashed_thenHashesAreEqualAndChangeWithAValue() {
        DistillGuardConfig defaults = DistillGuardConfig.defaults();
        DistillGuardConfig changed = ConfigLoader.load(Optional.empty(), List.of("ingest.excerpt-chars=7"));
        assertThat(ConfigLoader.hash(defaults)).isEqualTo(ConfigLoader.hash(ConfigLoader.load(Optional.empty(), List.of())));
        assertThat(ConfigLoader.hash(changed)).isNotEqualTo(ConfigLoader.hash(defaults));
    }

    private Path write(String yaml) throws IOException {
        Path file = folder.resolve("conf.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
