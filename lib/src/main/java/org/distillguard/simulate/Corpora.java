package org.distillguard.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The real material the simulator draws on: human prompts for benign accounts, teacher-generated instructions
 * for distillers, per-client arrival statistics and request token lengths. Read from the public dataset copies
 * (see the datasets MANIFEST for sources and licences) when present, otherwise from the small derived sample
 * bundled under {@code distillguard/corpora/} (see its NOTICE.md).
 */
public final class Corpora {

    public static final String ENVIRONMENT_VARIABLE = "DISTILLGUARD_CORPORA";
    /** Relative to the working directory: the shared dataset copies sit beside the project checkout. */
    public static final Path DEFAULT_DIRECTORY = Path.of("..", "shared", "datasets", "dev");
    static final String BUNDLED_RESOURCE_DIRECTORY = "/distillguard/corpora/";
    static final String BUNDLED_PROMPTS = "prompts.jsonl.gz";
    static final String BUNDLED_TOKEN_LENGTHS = "token-lengths.csv";
    static final String BUNDLED_CLIENTS = "servegen-clients.csv";
    public static final String BUNDLED_SOURCE = "bundled sample";

    /** Longest prompt kept, so that one pasted document does not dominate file sizes. */
    static final int TEXT_MAX_CHARACTERS = 3000;

    /** Source names, used in the bundled sample and in statistics. */
    static final String ARENA = "arena";
    static final String USER_TASKS = "user-tasks";
    static final String ROLE_PROMPTS = "awesome-chatgpt-prompts";
    static final String CODEGEN = "gpteacher-codegen";
    static final String ROLEPLAY = "gpteacher-roleplay";
    static final String TOOLFORMER = "gpteacher-toolformer";
    static final String SEED_TASKS = "self-instruct-seed";
    static final String DAVINCI = "self-instruct-davinci";
    static final List<String> TEXT_SOURCES = List.of(ARENA, USER_TASKS, ROLE_PROMPTS, CODEGEN, ROLEPLAY, TOOLFORMER, SEED_TASKS, DAVINCI);
    static final String AZURE_CONVERSATION = "azure-conversation";
    static final String AZURE_CODE = "azure-code";
    static final String MOONCAKE = "mooncake";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^:}]*:([^}]*)}");

    /** One instruction with its optional input and the response a teacher (or an expert) gave. */
    public record TeacherExample(String instruction, String input, String response) {
        public TeacherExample {
            Objects.requireNonNull(instruction, "instruction is null");
            input = input == null ? "" : input;
            response = response == null ? "" : response;
        }
    }

    /** Prompt and completion token counts of real requests, each sorted ascending so that percentiles are direct. */
    public record TokenLengths(String name, int[] input, int[] output) {
        public TokenLengths {
            Objects.requireNonNull(name, "name is null");
            if (input.length == 0 || output.length == 0) {
                throw new IllegalArgumentException("Invalid token lengths for " + name + ": empty (expected at least one request)");
            }
            input = input.clone();
            output = output.clone();
            Arrays.sort(input);
            Arrays.sort(output);
        }

        int sampleInput(SplittableRandom random) {
            return input[random.nextInt(input.length)];
        }

        int sampleOutput(SplittableRandom random) {
            return output[random.nextInt(output.length)];
        }

        static double mean(int[] values) {
            return Arrays.stream(values).average().orElse(0);
        }

        static int percentile(int[] sorted, double fraction) {
            return sorted[(int) Math.min(sorted.length - 1, Math.round(fraction * (sorted.length - 1)))];
        }
    }

    /**
     * Arrival statistics of one ServeGen API client over 14 days of 10-minute windows.
     *
     * @param meanRateRps mean request rate in the windows where the client was active
     * @param activeShare share of windows with any request
     * @param medianCv median coefficient of variation of inter-arrival times in active windows
     * @param arrivalDistribution the inter-arrival family fitted most often ({@code Gamma} or {@code Weibull})
     * @param medianShape median fitted shape parameter of that family
     */
    public record ClientProfile(int client, double meanRateRps, double activeShare, double medianCv, String arrivalDistribution, double medianShape) {
        public ClientProfile {
            if (!(meanRateRps > 0)) {
                throw new IllegalArgumentException("Invalid mean rate: " + meanRateRps + " (expected > 0 requests per second)");
            }
            Objects.requireNonNull(arrivalDistribution, "arrivalDistribution is null");
        }
    }

    private final String source;
    private final Map<String, List<TeacherExample>> texts;
    private final Map<String, TokenLengths> tokenLengths;
    private final List<ClientProfile> clients;

    Corpora(String source, Map<String, List<TeacherExample>> texts, Map<String, TokenLengths> tokenLengths, List<ClientProfile> clients) {
        this.source = Objects.requireNonNull(source, "source is null");
        for (String name : TEXT_SOURCES) {
            if (texts.getOrDefault(name, List.of()).isEmpty()) {
                throw new IllegalArgumentException("Invalid corpora from " + source + ": no texts from " + name);
            }
        }
        for (String name : List.of(AZURE_CONVERSATION, AZURE_CODE, MOONCAKE)) {
            if (!tokenLengths.containsKey(name)) {
                throw new IllegalArgumentException("Invalid corpora from " + source + ": no token lengths from " + name);
            }
        }
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("Invalid corpora from " + source + ": no ServeGen client profiles");
        }
        this.texts = Map.copyOf(texts);
        this.tokenLengths = Map.copyOf(tokenLengths);
        this.clients = List.copyOf(clients);
    }

    /**
     * The directory to read, in this order: the explicit one, the {@value #ENVIRONMENT_VARIABLE} environment
     * variable, then {@link #DEFAULT_DIRECTORY}.
     */
    public static Path resolveDirectory(Optional<Path> explicit, Function<String, String> environment) {
        if (explicit.isPresent()) {
            return explicit.get();
        }
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return DEFAULT_DIRECTORY;
    }

    /** Reads the full corpora from the resolved directory, or the bundled sample when that directory lacks them. */
    public static Corpora load(Optional<Path> explicit) {
        Path directory = resolveDirectory(explicit, System::getenv);
        if (hasFullCorpora(directory)) {
            return fromDirectory(directory);
        }
        return bundled();
    }

    static boolean hasFullCorpora(Path directory) {
        return Files.isRegularFile(directory.resolve("arena-hard/arena-hard-v0.1_question.jsonl"))
                && Files.isRegularFile(directory.resolve("gpteacher/codegen-instruct.json"))
                && Files.isDirectory(directory.resolve("servegen/language-m-large"));
    }

    public String source() {
        return source;
    }

    List<TeacherExample> texts(String name) {
        List<TeacherExample> found = texts.get(name);
        if (found == null) {
            throw new IllegalArgumentException("Invalid text source: " + name + " (expected one of " + TEXT_SOURCES + ")");
        }
        return found;
    }

    TokenLengths tokenLengths(String name) {
        TokenLengths found = tokenLengths.get(name);
        if (found == null) {
            throw new IllegalArgumentException("Invalid token length source: " + name);
        }
        return found;
    }

    List<ClientProfile> clients() {
        return clients;
    }

    // ---------------------------------------------------------------- reading the full public copies

    public static Corpora fromDirectory(Path directory) {
        try {
            Map<String, List<TeacherExample>> texts = new java.util.TreeMap<>();
            List<TeacherExample> arena = new ArrayList<>();
            for (String file : List.of("arena-hard/arena-hard-v0.1_question.jsonl", "arena-hard/arena-hard-v2.0_question.jsonl")) {
                for (JsonNode node : readJsonLines(directory.resolve(file))) {
                    arena.add(new TeacherExample(clip(node.path("prompt").asText()), "", ""));
                }
            }
            texts.put(ARENA, arena);
            List<TeacherExample> userTasks = new ArrayList<>();
            for (JsonNode node : readJsonLines(directory.resolve("self-instruct/user_oriented_instructions.jsonl"))) {
                JsonNode instance = node.path("instances").path(0);
                userTasks.add(new TeacherExample(clip(node.path("instruction").asText()), clip(instance.path("input").asText()), clip(instance.path("output").asText())));
            }
            texts.put(USER_TASKS, userTasks);
            texts.put(ROLE_PROMPTS, readRolePrompts(directory.resolve("awesome-chatgpt-prompts/prompts.csv")));
            texts.put(CODEGEN, readTeacherArray(directory.resolve("gpteacher/codegen-instruct.json")));
            texts.put(ROLEPLAY, readTeacherArray(directory.resolve("gpteacher/roleplay-simple-deduped-roleplay-instruct.json")));
            texts.put(TOOLFORMER, readTeacherArray(directory.resolve("gpteacher/toolformer-dedupe-only-dataset.json")));
            List<TeacherExample> seeds = new ArrayList<>();
            for (JsonNode node : readJsonLines(directory.resolve("self-instruct/seed_tasks.jsonl"))) {
                JsonNode instance = node.path("instances").path(0);
                seeds.add(new TeacherExample(clip(node.path("instruction").asText()), clip(instance.path("input").asText()), clip(instance.path("output").asText())));
            }
            texts.put(SEED_TASKS, seeds);
            List<TeacherExample> davinci = new ArrayList<>();
            for (JsonNode node : readJsonLines(directory.resolve("self-instruct/text-davinci-003_predictions.jsonl"))) {
                davinci.add(new TeacherExample(clip(node.path("instruction").asText().strip()), clip(node.path("input").asText()), clip(node.path("response").asText().strip())));
            }
            texts.put(DAVINCI, davinci);

            Map<String, TokenLengths> lengths = new java.util.TreeMap<>();
            lengths.put(AZURE_CONVERSATION, readAzure(AZURE_CONVERSATION, directory.resolve("azure-llm-2023/AzureLLMInferenceTrace_conv.csv")));
            lengths.put(AZURE_CODE, readAzure(AZURE_CODE, directory.resolve("azure-llm-2023/AzureLLMInferenceTrace_code.csv")));
            lengths.put(MOONCAKE, readMooncake(directory.resolve("mooncake/conversation_trace.jsonl")));
            return new Corpora(directory.toString(), texts, lengths, readServeGen(directory.resolve("servegen/language-m-large")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read corpora from " + directory + ": " + e.getMessage(), e);
        }
    }

    private static String clip(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.length() <= TEXT_MAX_CHARACTERS ? trimmed : trimmed.substring(0, TEXT_MAX_CHARACTERS);
    }

    private static List<JsonNode> readJsonLines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    nodes.add(JSON.readTree(line));
                }
            }
        }
        return nodes;
    }

    private static List<TeacherExample> readTeacherArray(Path file) throws IOException {
        List<TeacherExample> examples = new ArrayList<>();
        for (JsonNode node : JSON.readTree(file.toFile())) {
            String instruction = node.path("instruction").asText();
            if (!instruction.isBlank()) {
                examples.add(new TeacherExample(clip(instruction), clip(node.path("input").asText()), clip(node.path("response").asText())));
            }
        }
        return examples;
    }

    private static List<TeacherExample> readRolePrompts(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        List<TeacherExample> prompts = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = mapper.readerFor(Map.class).with(schema).readValues(file.toFile())) {
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String prompt = row.getOrDefault("prompt", "");
                if (!prompt.isBlank()) {
                    // Templates such as ${Position:Software Developer} become their default value, as a user would type it.
                    prompts.add(new TeacherExample(clip(PLACEHOLDER.matcher(prompt).replaceAll("$1")), row.getOrDefault("act", ""), ""));
                }
            }
        }
        return prompts;
    }

    private static TokenLengths readAzure(String name, Path file) throws IOException {
        List<int[]> rows = new ArrayList<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.skip(1).filter(line -> !line.isBlank()).forEach(line -> {
                String[] fields = line.split(",");
                rows.add(new int[] {Integer.parseInt(fields[1].strip()), Integer.parseInt(fields[2].strip())});
            });
        }
        return new TokenLengths(name, rows.stream().mapToInt(row -> row[0]).toArray(), rows.stream().mapToInt(row -> row[1]).toArray());
    }

    private static TokenLengths readMooncake(Path file) throws IOException {
        List<JsonNode> nodes = readJsonLines(file);
        return new TokenLengths(MOONCAKE,
                nodes.stream().mapToInt(node -> node.path("input_length").asInt()).toArray(),
                nodes.stream().mapToInt(node -> node.path("output_length").asInt()).toArray());
    }

    private static List<ClientProfile> readServeGen(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(path -> path.getFileName().toString().endsWith("-trace.csv")).sorted().toList();
        }
        List<ClientProfile> clients = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            int client = Integer.parseInt(name.substring("chunk-".length(), name.length() - "-trace.csv".length()));
            List<String[]> active = new ArrayList<>();
            int windows = 0;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    windows++;
                    String[] fields = line.split(",", -1);
                    if (Double.parseDouble(fields[1]) > 0 && !fields[3].isEmpty()) {
                        active.add(fields);
                    }
                }
            }
            if (active.isEmpty()) {
                continue;
            }
            double meanRate = active.stream().mapToDouble(fields -> Double.parseDouble(fields[1])).average().orElse(0);
            double medianCv = median(active.stream().mapToDouble(fields -> Double.parseDouble(fields[2])).toArray());
            long gamma = active.stream().filter(fields -> fields[3].equals("Gamma")).count();
            String family = gamma * 2 >= active.size() ? "Gamma" : "Weibull";
            double medianShape = median(active.stream().filter(fields -> fields[3].equals(family)).mapToDouble(fields -> Double.parseDouble(fields[4])).toArray());
            clients.add(new ClientProfile(client, meanRate, active.size() / (double) windows, medianCv, family, medianShape));
        }
        clients.sort(java.util.Comparator.comparingInt(ClientProfile::client));
        return clients;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // ---------------------------------------------------------------- the bundled derived sample

    /** Reads the small derived sample shipped in the jar (see NOTICE.md beside it). */
    public static Corpora bundled() {
        try {
            Map<String, List<TeacherExample>> texts = new java.util.TreeMap<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(resource(BUNDLED_PROMPTS)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    JsonNode node = JSON.readTree(line);
                    texts.computeIfAbsent(node.path("source").asText(), key -> new ArrayList<>())
                            .add(new TeacherExample(node.path("instruction").asText(), node.path("input").asText(), node.path("response").asText()));
                }
            }
            Map<String, List<int[]>> rows = new java.util.TreeMap<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(resource(BUNDLED_TOKEN_LENGTHS), StandardCharsets.UTF_8))) {
                reader.readLine();
                String line;
                while ((line = reader.readLine()) != null) {
                    String[] fields = line.split(",");
                    rows.computeIfAbsent(fields[0], key -> new ArrayList<>()).add(new int[] {Integer.parseInt(fields[2]), Integer.parseInt(fields[3])});
                }
            }
            Map<String, TokenLengths> lengths = new java.util.TreeMap<>();
            rows.forEach((name, values) -> lengths.put(name, new TokenLengths(name,
                    values.stream().mapToInt(row -> row[0]).toArray(), values.stream().mapToInt(row -> row[1]).toArray())));
            List<ClientProfile> clients = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(resource(BUNDLED_CLIENTS), StandardCharsets.UTF_8))) {
                reader.readLine();
                String line;
                while ((line = reader.readLine()) != null) {
                    String[] fields = line.split(",");
                    clients.add(new ClientProfile(Integer.parseInt(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                            Double.parseDouble(fields[3]), fields[4], Double.parseDouble(fields[5])));
                }
            }
            return new Corpora(BUNDLED_SOURCE, texts, lengths, clients);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled corpora sample: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream stream = Corpora.class.getResourceAsStream(BUNDLED_RESOURCE_DIRECTORY + name);
        if (stream == null) {
            throw new IOException("missing resource " + BUNDLED_RESOURCE_DIRECTORY + name + " (regenerate it with BundledSample.write)");
        }
        return stream;
    }
}
