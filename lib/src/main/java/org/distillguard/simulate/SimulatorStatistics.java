package org.distillguard.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Per-archetype statistics of a generated folder beside the figures measured from the real traces and corpora it
 * draws on, rendered as Markdown. Reads every line, so it is meant for demo-sized folders.
 */
public final class SimulatorStatistics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatorStatistics() {
    }

    /**
     * @param requestsPerAccountDay mean requests per account per day (over the days of the folder)
     * @param medianRequestsPerAccountDay median over accounts of their requests per day
     * @param distinctPromptRatio mean over accounts of distinct final prompts divided by requests
     * @param logprobsShare share of requests asking for log-probabilities
     * @param reasoningShare share of requests whose final prompt elicits chain-of-thought
     */
    public record KindStatistics(Kind kind, int accounts, double requestsPerAccountDay, double medianRequestsPerAccountDay,
            double meanPromptTokens, double meanCompletionTokens, double distinctPromptRatio, double logprobsShare, double reasoningShare) {
        public KindStatistics {
            Objects.requireNonNull(kind, "kind is null");
        }
    }

    /** One real source's figures, for comparison. */
    public record ReferenceFigure(String source, String measure, double mean, double p50, double p90) {
    }

    public static List<KindStatistics> compute(Path folder) {
        try {
            Map<String, Kind> kindOf = new HashMap<>();
            List<String> truthLines = Files.readAllLines(folder.resolve(Simulator.TRUTH_FILE), StandardCharsets.UTF_8);
            for (String line : truthLines.subList(1, truthLines.size())) {
                String[] fields = line.split(",", -1);
                kindOf.put(fields[0], Kind.fromText(fields[2]));
            }
            List<Path> files;
            try (Stream<Path> listing = Files.list(folder)) {
                files = listing.filter(path -> path.getFileName().toString().startsWith("events-")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("Invalid simulation folder: " + folder + " (expected events-YYYY-MM-DD.jsonl files)");
            }
            Map<String, long[]> perAccount = new HashMap<>();
            Map<String, Set<String>> prompts = new HashMap<>();
            for (Path file : files) {
                try (BufferedReader reader = open(file)) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        JsonNode event = JSON.readTree(line);
                        String account = event.path("account_id").asText();
                        long[] totals = perAccount.computeIfAbsent(account, key -> new long[5]);
                        String prompt = finalPrompt(event.path("request"));
                        totals[0]++;
                        totals[1] += event.path("response").path("usage").path("prompt_tokens").asLong();
                        totals[2] += event.path("response").path("usage").path("completion_tokens").asLong();
                        totals[3] += event.path("request").path("logprobs").asBoolean(false) ? 1 : 0;
                        totals[4] += ReasoningPhrases.elicitsReasoning(prompt) ? 1 : 0;
                        prompts.computeIfAbsent(account, key -> new HashSet<>()).add(prompt);
                    }
                }
            }
            int days = files.size();
            Map<Kind, List<String>> accountsByKind = new EnumMap<>(Kind.class);
            perAccount.keySet().stream().sorted().forEach(account -> accountsByKind.computeIfAbsent(
                    Objects.requireNonNull(kindOf.get(account), () -> "account " + account + " is missing from truth.csv"), key -> new ArrayList<>()).add(account));
            List<KindStatistics> statistics = new ArrayList<>();
            for (Map.Entry<Kind, List<String>> entry : accountsByKind.entrySet()) {
                List<String> accounts = entry.getValue();
                double[] perDay = accounts.stream().mapToDouble(account -> perAccount.get(account)[0] / (double) days).toArray();
                long requests = 0;
                long promptTokens = 0;
                long completionTokens = 0;
                long logprobs = 0;
                long reasoning = 0;
                double distinct = 0;
                for (String account : accounts) {
                    long[] totals = perAccount.get(account);
                    requests += totals[0];
                    promptTokens += totals[1];
                    completionTokens += totals[2];
                    logprobs += totals[3];
                    reasoning += totals[4];
                    distinct += prompts.get(account).size() / (double) totals[0];
                }
                statistics.add(new KindStatistics(entry.getKey(), accounts.size(), Arrays.stream(perDay).average().orElse(0), Corpora.median(perDay),
                        promptTokens / (double) requests, completionTokens / (double) requests, distinct / accounts.size(),
                        logprobs / (double) requests, reasoning / (double) requests));
            }
            return statistics;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the simulation folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The final user prompt of a request (or the legacy prompt), as a detector would template it. */
    static String finalPrompt(JsonNode request) {
        if (request.has("prompt")) {
            return request.path("prompt").asText();
        }
        JsonNode messages = request.path("messages");
        for (int index = messages.size() - 1; index >= 0; index--) {
            if (messages.get(index).path("role").asText().equals("user")) {
                return messages.get(index).path("content").asText();
            }
        }
        return "";
    }

    static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Figures measured from the real traces the simulator draws on. */
    public static List<ReferenceFigure> reference(Corpora corpora) {
        List<ReferenceFigure> figures = new ArrayList<>();
        double[] perDay = corpora.clients().stream().mapToDouble(client -> client.meanRateRps() * client.activeShare() * 86_400).sorted().toArray();
        figures.add(new ReferenceFigure("ServeGen m-large (" + perDay.length + " clients)", "requests/day per client",
                Arrays.stream(perDay).average().orElse(0), quantile(perDay, 0.5), quantile(perDay, 0.9)));
        double[] cv = corpora.clients().stream().mapToDouble(Corpora.ClientProfile::medianCv).sorted().toArray();
        figures.add(new ReferenceFigure("ServeGen m-large", "inter-arrival cv per client", Arrays.stream(cv).average().orElse(0), quantile(cv, 0.5), quantile(cv, 0.9)));
        for (String source : List.of(Corpora.AZURE_CONVERSATION, Corpora.AZURE_CODE, Corpora.MOONCAKE)) {
            Corpora.TokenLengths lengths = corpora.tokenLengths(source);
            figures.add(new ReferenceFigure(source, "prompt tokens", Corpora.TokenLengths.mean(lengths.input()),
                    Corpora.TokenLengths.percentile(lengths.input(), 0.5), Corpora.TokenLengths.percentile(lengths.input(), 0.9)));
            figures.add(new ReferenceFigure(source, "completion tokens", Corpora.TokenLengths.mean(lengths.output()),
                    Corpora.TokenLengths.percentile(lengths.output(), 0.5), Corpora.TokenLengths.percentile(lengths.output(), 0.9)));
        }
        return figures;
    }

    private static double quantile(double[] sorted, double fraction) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.round(fraction * (sorted.length - 1))];
    }

    public static String render(List<KindStatistics> statistics, List<ReferenceFigure> reference) {
        StringBuilder out = new StringBuilder();
        out.append("| kind | label | accounts | requests/day (mean) | requests/day (median) | prompt tokens | completion tokens | distinct prompt ratio | logprobs share | CoT share |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (KindStatistics row : statistics) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.0f | %.0f | %.2f | %.2f | %.2f |%n", row.kind().text(), row.kind().label().text(),
                    row.accounts(), row.requestsPerAccountDay(), row.medianRequestsPerAccountDay(), row.meanPromptTokens(), row.meanCompletionTokens(),
                    row.distinctPromptRatio(), row.logprobsShare(), row.reasoningShare()));
        }
        out.append("\n| real source | measure | mean | p50 | p90 |\n|---|---|---:|---:|---:|\n");
        for (ReferenceFigure figure : reference) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f |%n", figure.source(), figure.measure(), figure.mean(), figure.p50(), figure.p90()));
        }
        return out.toString();
    }
}
