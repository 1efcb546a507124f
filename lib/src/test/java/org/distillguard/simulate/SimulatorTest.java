package org.distillguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A directory that never exists, so tests always use the bundled sample and do not depend on the machine. */
    static final Path NO_CORPORA = Path.of("target", "no-such-corpora");

    @TempDir
    static Path shared;
    static SimulationResult result;

    static SimulationSpec testSpec() {
        return SimulationSpec.preset(SimulationSpec.TEST).withCorporaDirectory(NO_CORPORA);
    }

    @BeforeAll
    static void generate() {
        result = Simulator.run(testSpec(), shared.resolve("run"));
    }

    @Test
    void givenSameSeed_whenRunTwice_thenFilesAreByteIdentical(@TempDir Path other) throws IOException {
        SimulationSpec spec = testSpec().withGzip(true).withDays(1);
        Simulator.run(spec, other.resolve("a"));
        Simulator.run(spec, other.resolve("b"));
        Simulator.run(spec.withSeed(spec.seed() + 1), other.resolve("c"));
        String day = Simulator.dayFileName(spec.start(), true);
        assertThat(Files.readAllBytes(other.resolve("a").resolve(day))).isEqualTo(Files.readAllBytes(other.resolve("b").resolve(day)));
        assertThat(Files.readAllBytes(other.resolve("a").resolve("truth.csv"))).isEqualTo(Files.readAllBytes(other.resolve("b").resolve("truth.csv")));
        assertThat(Files.readAllBytes(other.resolve("a").resolve(day))).isNotEqualTo(Files.readAllBytes(other.resolve("c").resolve(day)));
    }

    @Test
    void writesOneFilePerDayAndTruth() {
        SimulationSpec spec = testSpec();
        List<String> names = result.files().stream().map(path -> path.getFileName().toString()).toList();
        assertThat(names).containsExactly("events-2026-11-23.jsonl", "events-2026-11-24.jsonl", "truth.csv");
        assertThat(result.recordsPerDay()).containsOnlyKeys(spec.start(), spec.start().plusDays(1));
        assertThat(result.totalRecords()).isGreaterThan(1000);
        assertThat(result.corporaSource()).isEqualTo(Corpora.BUNDLED_SOURCE);
    }

    @Test
    void everyLineFollowsTheInputContractInTimeOrder() throws IOException {
        for (Path file : dayFiles()) {
            LocalDate day = LocalDate.parse(file.getFileName().toString().substring("events-".length(), "events-".length() + 10));
            Instant previous = Instant.MIN;
            try (BufferedReader reader = SimulatorStatistics.open(file)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode event = JSON.readTree(line);
                    assertThat(event.path("request_id").isTextual()).as(line).isTrue();
                    assertThat(event.path("account_id").isTextual()).as(line).isTrue();
                    String timestamp = event.path("timestamp").asText();
                    assertThat(timestamp).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
                    Instant instant = OffsetDateTime.parse(timestamp).toInstant();
                    assertThat(instant.atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(day);
                    assertThat(instant).isAfterOrEqualTo(previous);
                    previous = instant;
                    JsonNode request = event.path("request");
                    assertThat(request.has("messages") ^ request.has("prompt")).as(line).isTrue();
                    if (request.has("messages")) {
                        assertThat(request.path("messages").isArray()).isTrue();
                        for (JsonNode message : request.path("messages")) {
                            assertThat(message.path("role").asText()).isIn("system", "user", "assistant", "tool");
                            assertThat(message.path("content").isTextual()).isTrue();
                        }
                    } else {
                        assertThat(request.path("prompt").isTextual()).isTrue();
                    }
                    assertThat(event.path("response").path("status").isInt()).as(line).isTrue();
                    if (event.path("response").path("status").asInt() == 200) {
                        assertThat(event.path("response").path("choices").path(0).path("message").path("content").asText()).isNotBlank();
                        assertThat(event.path("response").path("choices").path(0).path("finish_reason").asText()).isIn("stop", "length", "tool_calls");
                        assertThat(event.path("response").path("usage").path("prompt_tokens").asInt()).isPositive();
                        assertThat(event.path("response").path("usage").path("completion_tokens").asInt()).isPositive();
                    }
                    if (request.has("top_logprobs")) {
                        assertThat(request.path("top_logprobs").asInt()).isBetween(0, 20);
                    }
                    assertThat(event.path("client").path("ip").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
                    assertThat(event.path("client").path("country").asText()).matches("[A-Z]{2}");
                    assertThat(OffsetDateTime.parse(event.path("account").path("created_at").asText())).isNotNull();
                    assertThat(event.path("latency_ms").isInt()).isTrue();
                }
            }
        }
    }

    @Test
    void truthCoversExactlyTheAccountsInTheLogs() throws IOException {
        Set<String> inLogs = new TreeSet<>();
        for (Path file : dayFiles()) {
            for (JsonNode event : read(file)) {
                inLogs.add(event.path("account_id").asText());
            }
        }
        List<String> truth = Files.readAllLines(shared.resolve("run").resolve("truth.csv"));
        assertThat(truth.get(0)).isEqualTo("account_id,label,kind,cluster_id");
        Set<String> inTruth = new HashSet<>();
        for (String line : truth.subList(1, truth.size())) {
            String[] fields = line.split(",", -1);
            assertThat(fields).hasSize(4);
            assertThat(fields[1]).isIn("distill", "benign");
            assertThat(Kind.fromText(fields[2]).label().text()).isEqualTo(fields[1]);
            assertThat(fields[3].isEmpty()).isEqualTo(!fields[2].equals("hydra-member"));
            assertThat(inTruth.add(fields[0])).as("duplicate " + fields[0]).isTrue();
        }
        assertThat(inTruth).isEqualTo(inLogs);
        assertThat(result.accountsByKind().keySet()).containsAll(List.of(Kind.values()));
    }

    static List<Path> dayFiles() throws IOException {
        try (var listing = Files.list(shared.resolve("run"))) {
            return listing.filter(path -> path.getFileName().toString().startsWith("events-")).sorted().toList();
        }
    }

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader reader = SimulatorStatistics.open(file)) {
            String line;
            while ((line = reader.readLine()) != null) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }
}
