package org.distillguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each archetype's defining property, checked in its own output of the {@code test} preset. */
class ArchetypeBehaviourTest {

    @TempDir
    static Path folder;
    static SimulationResult result;
    static Map<String, String[]> truth = new HashMap<>();
    /** Events of each account, per day index, in file order. */
    static Map<String, List<List<JsonNode>>> events = new TreeMap<>();

    @BeforeAll
    static void generate() throws IOException {
        SimulationSpec spec = SimulatorTest.testSpec();
        result = Simulator.run(spec, folder);
        List<String> lines = Files.readAllLines(folder.resolve("truth.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            truth.put(fields[0], fields);
        }
        for (int day = 0; day < spec.days(); day++) {
            for (JsonNode event : SimulatorTest.read(folder.resolve(Simulator.dayFileName(spec.start().plusDays(day), false)))) {
                List<List<JsonNode>> perDay = events.computeIfAbsent(event.path("account_id").asText(), key -> new ArrayList<>());
                while (perDay.size() <= day) {
                    perDay.add(new ArrayList<>());
                }
                perDay.get(day).add(event);
            }
        }
    }

    static List<String> accountsOf(Kind kind) {
        return truth.values().stream().filter(fields -> fields[2].equals(kind.text())).map(fields -> fields[0]).sorted().toList();
    }

    static List<JsonNode> all(String account) {
        return events.get(account).stream().flatMap(Collection::stream).toList();
    }

    static String prompt(JsonNode event) {
        return SimulatorStatistics.finalPrompt(event.path("request"));
    }

    @Test
    void hydraMembersShareInfrastructureTemplatesAndSplitOneDatasetDisjointly() {
        List<String> members = accountsOf(Kind.HYDRA_MEMBER);
        assertThat(members).hasSizeGreaterThanOrEqualTo(SimulationDefaults.HYDRA_MIN_MEMBERS);
        assertThat(members.stream().map(account -> truth.get(account)[3]).distinct()).containsExactly("cluster_000");
        Set<String> prefixes = new TreeSet<>();
        Set<String> fingerprints = new TreeSet<>();
        Set<String> agents = new TreeSet<>();
        Set<String> wrapperHeads = new TreeSet<>();
        List<Instant> created = new ArrayList<>();
        Map<String, String> ownerOfPrompt = new HashMap<>();
        int wrapped = 0;
        int total = 0;
        for (String member : members) {
            for (JsonNode event : all(member)) {
                String ip = event.path("client").path("ip").asText();
                prefixes.add(ip.substring(0, ip.lastIndexOf('.')));
                fingerprints.add(event.path("billing").path("payment_fingerprint").asText());
                agents.add(event.path("client").path("user_agent").asText());
                created.add(OffsetDateTime.parse(event.path("account").path("created_at").asText()).toInstant());
                String prompt = prompt(event);
                total++;
                for (String wrapper : PromptMaterial.DISTILLER_WRAPPERS) {
                    String head = wrapper.substring(0, wrapper.indexOf('{'));
                    if (prompt.startsWith(head)) {
                        wrapperHeads.add(head);
                        wrapped++;
                        // Disjoint split: a teacher prompt is only ever sent by one member.
                        String previous = ownerOfPrompt.putIfAbsent(prompt.substring(head.length()), member);
                        assertThat(previous == null || previous.equals(member)).as("prompt sent by two members").isTrue();
                    }
                }
            }
        }
        assertThat(prefixes).hasSizeBetween(2, 4);
        assertThat(fingerprints).hasSizeBetween(2, 4);
        assertThat(agents).hasSize(1);
        assertThat(wrapperHeads).hasSizeBetween(1, 2);
        assertThat(wrapped).isGreaterThan(total * 8 / 10);
        Instant first = created.stream().min(Instant::compareTo).orElseThrow();
        Instant last = created.stream().max(Instant::compareTo).orElseThrow();
        assertThat(java.time.Duration.between(first, last)).isLessThanOrEqualTo(java.time.Duration.ofDays(2));
    }

    @Test
    void hydraMembersAreLightAndTakeTurnsOnOneSchedule() {
        List<String> members = accountsOf(Kind.HYDRA_MEMBER);
        // Every member makes the same number of requests a day (round-robin), tens not thousands.
        Set<Integer> counts = new HashSet<>();
        for (String member : members) {
            counts.add((int) events.get(member).get(0).stream().map(event -> event.path("request_id").asText()).distinct().count());
        }
        assertThat(counts).allMatch(count -> count >= 10 && count <= 60);
        assertThat(counts.stream().mapToInt(Integer::intValue).max().orElseThrow() - counts.stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(1);
    }

    @Test
    void batchClassifiersUseOneTemplateAtTemperatureZero() {
        for (String account : accountsOf(Kind.BATCH_CLASSIFIER)) {
            List<JsonNode> requests = all(account);
            assertThat(requests).hasSizeGreaterThan(100);
            Set<String> heads = requests.stream().map(event -> {
                String prompt = prompt(event);
                return PromptMaterial.BATCH_TEMPLATES.stream().filter(template -> prompt.startsWith(template.substring(0, template.indexOf("{text}"))))
                        .findFirst().orElse("none");
            }).collect(Collectors.toSet());
            assertThat(heads).hasSize(1).doesNotContain("none");
            assertThat(requests).allMatch(event -> event.path("request").path("temperature").asDouble(-1) == 0.0);
        }
    }

    @Test
    void evaluationHarnessesRepeatTheirQuestionSetEveryDay() {
        for (String account : accountsOf(Kind.EVALUATION_HARNESS)) {
            List<List<JsonNode>> days = events.get(account);
            assertThat(days).hasSize(2);
            Set<String> first = days.get(0).stream().map(ArchetypeBehaviourTest::prompt).collect(Collectors.toSet());
            Set<String> second = days.get(1).stream().map(ArchetypeBehaviourTest::prompt).collect(Collectors.toSet());
            assertThat(first).hasSizeGreaterThan(30).isEqualTo(second);
        }
    }

    @Test
    void logprobHarvestersAskForTopLogprobsSeveralCompletionsAndSweepTemperature() {
        for (String account : accountsOf(Kind.LOGPROB_HARVESTER)) {
            List<JsonNode> requests = all(account);
            assertThat(requests).allMatch(event -> event.path("request").path("logprobs").asBoolean()
                    && event.path("request").path("top_logprobs").asInt() >= 10 && event.path("request").path("n").asInt() > 1);
            assertThat(requests.stream().map(event -> event.path("request").path("temperature").asDouble()).distinct().count()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void reasoningHarvestersElicitChainOfThoughtInSeveralLanguages() {
        for (String account : accountsOf(Kind.REASONING_HARVESTER)) {
            List<JsonNode> requests = all(account);
            assertThat(requests).allMatch(event -> ReasoningPhrases.elicitsReasoning(prompt(event)));
            assertThat(requests).allMatch(event -> event.path("request").path("reasoning_effort").asText().equals("high"));
            assertThat(requests.stream().map(event -> ReasoningPhrases.languageOf(prompt(event))).distinct().count()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void releaseChasersSurgeAfterTheRelease() {
        long release = result.releaseInstant().toEpochMilli();
        for (String account : accountsOf(Kind.RELEASE_CHASER)) {
            List<Instant> times = all(account).stream().map(event -> OffsetDateTime.parse(event.path("timestamp").asText()).toInstant()).toList();
            long before = times.stream().filter(time -> time.toEpochMilli() < release).count();
            long after = times.size() - before;
            double hoursBefore = (release - SimulatorTest.testSpec().start().atStartOfDay().toInstant(java.time.ZoneOffset.UTC).toEpochMilli()) / 3.6e6;
            double hoursAfter = 48 - hoursBefore;
            assertThat(after / hoursAfter).as("requests per hour after vs before").isGreaterThan(10 * Math.max(before, 1) / hoursBefore);
            assertThat(all(account).stream().filter(event -> OffsetDateTime.parse(event.path("timestamp").asText()).toInstant().toEpochMilli() >= release))
                    .allMatch(event -> event.path("model").asText().equals(SimulationDefaults.MODEL_RELEASED));
        }
    }

    @Test
    void bulkDistillersWrapTeacherInstructionsAndAskForNearlyTheWholeOutputLimit() {
        for (String account : accountsOf(Kind.BULK_DISTILLER)) {
            List<JsonNode> requests = all(account);
            assertThat(requests).hasSizeGreaterThan(150);
            assertThat(requests).allMatch(event -> event.path("request").path("max_tokens").asInt() >= SimulationDefaults.MODEL_OUTPUT_LIMIT - 192);
            assertThat(requests).allMatch(event -> PromptMaterial.DISTILLER_WRAPPERS.stream()
                    .anyMatch(wrapper -> prompt(event).startsWith(wrapper.substring(0, wrapper.indexOf('{')))));
        }
    }

    @Test
    void dilutedDistillersMixDistillationIntoOrdinaryAppTraffic() {
        for (String account : accountsOf(Kind.DILUTED_DISTILLER)) {
            List<JsonNode> requests = all(account);
            long wrapped = requests.stream().filter(event -> PromptMaterial.DISTILLER_WRAPPERS.stream()
                    .anyMatch(wrapper -> prompt(event).startsWith(wrapper.substring(0, wrapper.indexOf('{'))))).count();
            assertThat(wrapped).isPositive().isLessThan(requests.size() * 6L / 10);
        }
    }

    @Test
    void capabilitySweepersWalkSystematicTopicLists() {
        for (String account : accountsOf(Kind.CAPABILITY_SWEEPER)) {
            List<String> prompts = all(account).stream().map(ArchetypeBehaviourTest::prompt).toList();
            assertThat(prompts.stream().filter(prompt -> prompt.startsWith("Implement ")).count()).isGreaterThan(prompts.size() / 5);
            assertThat(prompts.stream().filter(prompt -> prompt.startsWith("Create a difficult ")).count()).isGreaterThan(prompts.size() / 5);
        }
    }

    @Test
    void agentFrameworksSendToolsAndToolMessages() {
        for (String account : accountsOf(Kind.AGENT_FRAMEWORK)) {
            assertThat(all(account)).allMatch(event -> event.path("request").path("tools").size() >= 3
                    && event.path("request").findValuesAsText("role").contains("tool"));
        }
    }

    @Test
    void codingAssistantsUseAnIdeUserAgentAndShortCompletions() {
        for (String account : accountsOf(Kind.CODING_ASSISTANT)) {
            assertThat(all(account)).allMatch(event -> PromptMaterial.IDE_USER_AGENTS.contains(event.path("client").path("user_agent").asText())
                    || PromptMaterial.SERVER_USER_AGENTS.contains(event.path("client").path("user_agent").asText()));
            assertThat(all(account)).allMatch(event -> event.path("request").path("max_tokens").asInt() <= 256);
        }
    }

    @Test
    void benignInfrastructureIsSharedTooSoNaiveLinkingWouldMisfire() {
        // Several unrelated benign accounts share a /24 (carrier NAT, cloud region, university proxy).
        Map<String, Set<String>> accountsByPrefix = new HashMap<>();
        for (Map.Entry<String, List<List<JsonNode>>> entry : events.entrySet()) {
            if (!truth.get(entry.getKey())[1].equals("benign")) {
                continue;
            }
            for (JsonNode event : entry.getValue().get(0)) {
                String ip = event.path("client").path("ip").asText();
                accountsByPrefix.computeIfAbsent(ip.substring(0, ip.lastIndexOf('.')), key -> new HashSet<>()).add(entry.getKey());
            }
        }
        assertThat(accountsByPrefix.values().stream().mapToInt(Set::size).max().orElse(0)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void gatewayRetriesRepeatARequestIdOnAdjacentIdenticalLines() throws IOException {
        int duplicates = 0;
        for (Path file : List.of(folder.resolve("events-2026-11-23.jsonl"), folder.resolve("events-2026-11-24.jsonl"))) {
            List<String> lines = Files.readAllLines(file);
            Set<String> ids = new HashSet<>();
            for (int index = 0; index < lines.size(); index++) {
                String id = lines.get(index).substring(0, lines.get(index).indexOf(",\"timestamp\""));
                if (!ids.add(id)) {
                    duplicates++;
                    assertThat(lines.get(index)).isEqualTo(lines.get(index - 1));
                }
            }
        }
        assertThat(duplicates).isPositive().isLessThan((int) (result.totalRecords() / 100));
    }

    @Test
    void errorsAndSeveralKeysAppear() {
        List<JsonNode> everything = events.values().stream().flatMap(Collection::stream).flatMap(Collection::stream).toList();
        assertThat(everything.stream().map(event -> event.path("response").path("status").asInt()).collect(Collectors.toSet())).contains(200, 429);
        assertThat(events.keySet().stream().anyMatch(account -> all(account).stream().map(event -> event.path("api_key_id").asText()).distinct().count() > 1)).isTrue();
    }
}
