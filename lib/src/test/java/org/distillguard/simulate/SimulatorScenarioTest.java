package org.distillguard.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorScenarioTest {

    @Test
    void givenHardScenario_thenHydraMembersAreLighterThanTheMedianBenignAccount(@TempDir Path folder) throws IOException {
        SimulationSpec spec = SimulationSpec.preset(SimulationSpec.HARD).withAccounts(2_700).withDays(1).withCorporaDirectory(SimulatorTest.NO_CORPORA);
        SimulationResult result = Simulator.run(spec, folder);
        Map<String, Integer> requests = new HashMap<>();
        for (JsonNode event : SimulatorTest.read(folder.resolve(Simulator.dayFileName(spec.start(), false)))) {
            requests.merge(event.path("account_id").asText(), 1, Integer::sum);
        }
        List<String> truth = Files.readAllLines(folder.resolve("truth.csv"));
        double[] benign = truth.stream().skip(1).map(line -> line.split(",", -1)).filter(fields -> fields[1].equals("benign"))
                .mapToDouble(fields -> requests.get(fields[0])).toArray();
        double[] hydra = truth.stream().skip(1).map(line -> line.split(",", -1)).filter(fields -> fields[2].equals("hydra-member"))
                .mapToDouble(fields -> requests.get(fields[0])).toArray();
        assertThat(hydra).isNotEmpty();
        assertThat(Corpora.median(hydra)).isLessThan(Corpora.median(benign));
        assertThat(result.accountsByKind().get(Kind.BATCH_CLASSIFIER)).isGreaterThanOrEqualTo(50);
        long attackers = truth.stream().skip(1).filter(line -> line.contains(",distill,")).count();
        assertThat(attackers).isBetween(20L, 40L);
    }

    @Test
    void thePromptDecoratorRewritesEveryFinalUserPrompt(@TempDir Path folder) throws IOException {
        SimulationSpec spec = SimulatorTest.testSpec().withDays(1).withAccounts(30);
        Simulator.run(spec, folder, (prompt, context) -> prompt + " [planted:" + context.kind().text() + "]");
        List<JsonNode> events = SimulatorTest.read(folder.resolve(Simulator.dayFileName(spec.start(), false)));
        assertThat(events).isNotEmpty().allMatch(event -> SimulatorStatistics.finalPrompt(event.path("request")).matches("(?s).* \\[planted:[a-z-]+]"));
    }

    @Test
    void statisticsSummariseEachKindBesideTheRealTraces(@TempDir Path folder) {
        SimulationSpec spec = SimulatorTest.testSpec().withDays(1);
        Simulator.run(spec, folder);
        List<SimulatorStatistics.KindStatistics> statistics = SimulatorStatistics.compute(folder);
        Map<Kind, SimulatorStatistics.KindStatistics> byKind = new HashMap<>();
        statistics.forEach(row -> byKind.put(row.kind(), row));
        assertThat(byKind.get(Kind.LOGPROB_HARVESTER).logprobsShare()).isEqualTo(1.0);
        assertThat(byKind.get(Kind.REASONING_HARVESTER).reasoningShare()).isEqualTo(1.0);
        assertThat(byKind.get(Kind.HOBBY_USER).reasoningShare()).isLessThan(0.2);
        assertThat(byKind.get(Kind.BULK_DISTILLER).meanCompletionTokens()).isGreaterThan(byKind.get(Kind.BATCH_CLASSIFIER).meanCompletionTokens() * 20);
        String table = SimulatorStatistics.render(statistics, SimulatorStatistics.reference(Corpora.bundled()));
        assertThat(table).contains("| hydra-member | distill |", "| ServeGen m-large", "| mooncake | completion tokens |");
    }
}
