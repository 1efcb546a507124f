package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.distillguard.simulate.SyntheticSecrets;

/**
 * Measures redaction throughput, for a benchmark command; asserts nothing (tests never assert on time).
 *
 * <p>A reproducible run: {@link #devCorpus(Path)} on {@code shared/datasets/dev} gives 1–2 KB texts of real prompts
 * and code answers, {@link #withSecrets} plants a synthetic secret in 1 text in N, and {@link #report} prints texts/s
 * and MB/s on the calling thread (one core), by the wall clock and per CPU-second of the thread, which stays
 * meaningful on a machine shared with other work.
 */
public final class RedactorThroughput {
    /** Shortest and longest text {@link #devCorpus} makes, in chars: records are packed or cut to this range. */
    public static final int MIN_TEXT_CHARS = 1024;
    public static final int MAX_TEXT_CHARS = 2048;

    private static final int WARM_UP_PASSES = 5;
    private static final int TRIALS = 5;

    private RedactorThroughput() {}

    /** Texts per second of the default rules over {@code rounds} passes of {@code texts}, after one warm-up pass. */
    public static double measure(List<String> texts, int rounds) {
        return measure(Redactor.withDefaultRules(), texts, rounds);
    }

    public static double measure(Redactor redactor, List<String> texts, int rounds) {
        requireNonNull(redactor, "redactor is null");
        checkTexts(texts);
        checkRounds(rounds);
        RedactionCounts counts = new RedactionCounts();
        pass(redactor, texts, counts);
        return timedRate(redactor, texts, rounds, counts);
    }

    /**
     * One line for a benchmark log: texts/s and MB/s (UTF-8 bytes, 10^6) on this thread, as the median and the best
     * of {@value #TRIALS} trials of {@code rounds} passes each, after {@value #WARM_UP_PASSES} warm-up passes; also
     * the corpus size and how many spans one pass redacts.
     */
    public static String report(String label, Redactor redactor, List<String> texts, int rounds) {
        requireNonNull(label, "label is null");
        requireNonNull(redactor, "redactor is null");
        checkTexts(texts);
        checkRounds(rounds);
        long chars = 0;
        long bytes = 0;
        for (String text : texts) {
            chars += text.length();
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
        }
        RedactionCounts counts = new RedactionCounts();
        for (int i = 0; i < WARM_UP_PASSES; i++) {
            counts.reset();
            pass(redactor, texts, counts);
        }
        long spansPerPass = counts.total();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
        double[] rates = new double[TRIALS];
        double[] cpuRates = new double[TRIALS];
        for (int trial = 0; trial < TRIALS; trial++) {
            long cpuStart = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
            rates[trial] = timedRate(redactor, texts, rounds, counts);
            long cpuNanos = cpuTime ? Math.max(1, threads.getCurrentThreadCpuTime() - cpuStart) : 1;
            cpuRates[trial] = (double) texts.size() * rounds * 1e9 / cpuNanos;
        }
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        double median = rates[TRIALS / 2];
        double best = rates[TRIALS - 1];
        double cpuMedian = cpuRates[TRIALS / 2];
        double bytesPerText = (double) bytes / texts.size();
        String perCpu = cpuTime ? String.format(java.util.Locale.ROOT, "; per CPU-second of this thread: median %.0f texts/s %.1f MB/s",
                cpuMedian, cpuMedian * bytesPerText / 1e6) : "";
        return String.format(java.util.Locale.ROOT,
                "%s: %d texts, mean %.0f chars (%.0f bytes), %d spans redacted per pass: median %.0f texts/s %.1f MB/s, "
                        + "best %.0f texts/s %.1f MB/s (wall clock, %d trials x %d passes, 1 thread)%s",
                label, texts.size(), (double) chars / texts.size(), bytesPerText, spansPerPass,
                median, median * bytesPerText / 1e6, best, best * bytesPerText / 1e6, TRIALS, rounds, perCpu);
    }

    /**
     * Realistic prompt and answer texts from the dev datasets under {@code devDatasets} (the development sets only):
     * arena-hard {@code prompt}s, gpteacher codegen {@code instruction} + {@code input} + {@code response}, and
     * awesome-chatgpt-prompts {@code prompt}s. Consecutive records of one source are joined with a blank line until a
     * text reaches {@value #MIN_TEXT_CHARS} chars; records longer than {@value #MAX_TEXT_CHARS} are cut at whitespace.
     */
    public static List<String> devCorpus(Path devDatasets) {
        requireNonNull(devDatasets, "devDatasets is null");
        List<String> texts = new ArrayList<>();
        try {
            ObjectMapper json = new ObjectMapper();
            List<String> records = new ArrayList<>();
            for (String file : List.of("arena-hard-v0.1_question.jsonl", "arena-hard-v2.0_question.jsonl")) {
                try (BufferedReader reader = Files.newBufferedReader(devDatasets.resolve("arena-hard").resolve(file))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (!line.isBlank()) {
                            records.add(json.readTree(line).path("prompt").asText());
                        }
                    }
                }
            }
            pack(records, texts);

            records.clear();
            for (JsonNode record : json.readTree(devDatasets.resolve("gpteacher").resolve("codegen-instruct.json").toFile())) {
                StringBuilder text = new StringBuilder(record.path("instruction").asText());
                String input = record.path("input").asText();
                if (!input.isEmpty()) {
                    text.append('\n').append(input);
                }
                records.add(text.append('\n').append(record.path("response").asText()).toString());
            }
            pack(records, texts);

            records.clear();
            CsvMapper csv = new CsvMapper();
            csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            try (MappingIterator<Map<String, String>> rows = csv.readerFor(Map.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(devDatasets.resolve("awesome-chatgpt-prompts").resolve("prompts.csv").toFile())) {
                while (rows.hasNext()) {
                    String prompt = rows.next().get("prompt");
                    if (prompt != null && !prompt.isBlank()) {
                        records.add(prompt);
                    }
                }
            }
            pack(records, texts);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dev datasets under " + devDatasets + ": " + e.getMessage(), e);
        }
        return List.copyOf(texts);
    }

    /**
     * {@code texts} with a synthetic secret of a rotating kind (every default rule in turn) appended to 1 text in
     * {@code every}, chosen at random with {@code seed}.
     */
    public static List<String> withSecrets(List<String> texts, int every, long seed) {
        checkTexts(texts);
        if (every < 1) {
            throw new IllegalArgumentException("Invalid every: " + every + " (expected at least 1)");
        }
        RandomGenerator random = new SplittableRandom(seed);
        List<String> kinds = SyntheticSecrets.kinds();
        List<String> out = new ArrayList<>(texts.size());
        int planted = 0;
        for (String text : texts) {
            if (random.nextInt(every) == 0) {
                String kind = kinds.get(planted++ % kinds.size());
                String secret = SyntheticSecrets.embed(kind, SyntheticSecrets.generate(kind, random), random);
                int at = text.lastIndexOf('\n', text.length() / 2);
                at = at < 0 ? text.length() : at + 1;
                out.add(text.substring(0, at) + secret + "\n" + text.substring(at));
            }
            else {
                out.add(text);
            }
        }
        return List.copyOf(out);
    }

    private static void pack(List<String> records, List<String> texts) {
        StringBuilder current = new StringBuilder();
        for (String record : records) {
            int from = 0;
            while (record.length() - from > MAX_TEXT_CHARS) {
                int cut = from + MAX_TEXT_CHARS;
                int space = cut;
                while (space > from + MIN_TEXT_CHARS && !Character.isWhitespace(record.charAt(space - 1))) {
                    space--;
                }
                cut = space > from + MIN_TEXT_CHARS ? space : cut;
                if (Character.isLowSurrogate(record.charAt(cut))) {
                    cut--;
                }
                texts.add(record.substring(from, cut));
                from = cut;
            }
            String rest = record.substring(from);
            if (current.length() > 0 && current.length() + 2 + rest.length() > MAX_TEXT_CHARS) {
                texts.add(current.toString());
                current.setLength(0);
            }
            if (current.length() > 0) {
                current.append("\n\n");
            }
            current.append(rest);
            if (current.length() >= MIN_TEXT_CHARS) {
                texts.add(current.toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            texts.add(current.toString());
        }
    }

    private static long pass(Redactor redactor, List<String> texts, RedactionCounts counts) {
        long sink = 0;
        for (String text : texts) {
            sink += lengthOf(redactor.redact(text, counts));
        }
        return sink;
    }

    private static double timedRate(Redactor redactor, List<String> texts, int rounds, RedactionCounts counts) {
        long sink = 0;
        long startNanos = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            for (String text : texts) {
                counts.reset();
                sink += lengthOf(redactor.redact(text, counts));
            }
        }
        long elapsedNanos = Math.max(1, System.nanoTime() - startNanos);
        if (sink == Long.MIN_VALUE) {
            // Keeps the redaction results observable so the JIT cannot drop the work.
            throw new AssertionError();
        }
        return (double) texts.size() * rounds * 1e9 / elapsedNanos;
    }

    private static void checkTexts(List<String> texts) {
        requireNonNull(texts, "texts is null");
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("Cannot measure redaction throughput: no texts given");
        }
    }

    private static void checkRounds(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("Invalid rounds: " + rounds + " (expected at least 1)");
        }
    }

    private static int lengthOf(String text) {
        return text == null ? 0 : text.length();
    }
}
