package org.distillguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.ingest.IngestJob;
import org.distillguard.ingest.IngestRequest;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.simulate.PromptDecorator;
import org.distillguard.simulate.SecretPlanting;
import org.distillguard.simulate.SimulationSpec;
import org.distillguard.simulate.Simulator;

/**
 * Simulated request logs of exactly N lines for the benchmarks, generated once with the simulator's {@code bench}
 * preset and cached by size, so repeated runs measure the same bytes.
 */
public final class BenchmarkData {

    /** The bench preset writes about 17 lines per account and day; a margin makes sure N lines exist. */
    private static final int LINES_PER_ACCOUNT = 15;

    private BenchmarkData() {}

    public static Path ensure(Path cacheDirectory, long rows, Optional<Path> corpora) {
        Path file = cacheDirectory.resolve("bench-" + rows + ".jsonl");
        if (Files.exists(file)) {
            return file;
        }
        try {
            Path simulated = cacheDirectory.resolve("simulated-" + rows);
            int accounts = (int) Math.min(SimulationSpec.MAX_ACCOUNTS, rows / LINES_PER_ACCOUNT + 1000);
            SimulationSpec spec = SimulationSpec.preset(SimulationSpec.BENCH).withAccounts(accounts);
            if (corpora.isPresent()) {
                spec = spec.withCorporaDirectory(corpora.get());
            }
            PromptDecorator secrets = new SecretPlanting(0.005);
            Simulator.run(spec, simulated, secrets);
            List<Path> days;
            try (Stream<Path> listing = Files.list(simulated)) {
                days = listing.filter(path -> path.getFileName().toString().startsWith("events-")).sorted().toList();
            }
            Path partial = cacheDirectory.resolve(".bench-" + rows + ".jsonl.partial");
            long written = 0;
            try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                for (Path day : days) {
                    try (BufferedReader in = Files.newBufferedReader(day, StandardCharsets.UTF_8)) {
                        String line;
                        while (written < rows && (line = in.readLine()) != null) {
                            out.write(line);
                            out.write('\n');
                            written++;
                        }
                    }
                }
            }
            if (written < rows) {
                throw new IllegalStateException("Cannot prepare benchmark data: the simulator wrote " + written
                        + " lines, fewer than the " + rows + " asked for");
            }
            Files.move(partial, file);
            try (Stream<Path> listing = Files.list(simulated)) {
                for (Path path : listing.toList()) {
                    Files.delete(path);
                }
            }
            Files.delete(simulated);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare benchmark data in " + cacheDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Canonical events of {@code data}, ingested once and cached as {@code events-N/} under {@code cacheDirectory}, so
     * the stages that read events (the feature pass and its floor) time only themselves.
     */
    public static Path ensureEvents(SparkSession spark, DistillGuardConfig config, Redactor redactor,
            Pseudonymizer pseudonymizer, Path data, Path cacheDirectory, long rows) {
        Path events = cacheDirectory.resolve("events-" + rows);
        if (Files.exists(events)) {
            return events;
        }
        Path partial = cacheDirectory.resolve(".events-" + rows + ".partial");
        Benchmark.delete(partial);
        ingest(spark, config, redactor, pseudonymizer, data, partial);
        try {
            Files.move(partial, events);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot cache benchmark events in " + events + ": " + e.getMessage(), e);
        }
        return events;
    }

    /** Ingests {@code data} and leaves only its canonical events (the {@code events/} tree) in {@code target}. */
    static void ingest(SparkSession spark, DistillGuardConfig config, Redactor redactor, Pseudonymizer pseudonymizer,
            Path data, Path target) {
        Path output = target.resolveSibling(target.getFileName() + "-ingest");
        Benchmark.delete(output);
        IngestJob.run(spark, config, redactor, pseudonymizer,
                new IngestRequest(List.of(data.toString()), output.toString(), Optional.empty()));
        try {
            Files.move(output.resolve(IngestJob.EVENTS_DIR), target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare benchmark events in " + target + ": " + e.getMessage(), e);
        }
        Benchmark.delete(output);
    }

    /** The dates of the file's first and last lines and every date between (the bench files are in time order by day). */
    public static List<LocalDate> dates(Path file) {
        try {
            String first;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                first = in.readLine();
            }
            String last = lastLine(file);
            if (first == null || last == null) {
                throw new IllegalArgumentException("Cannot find the dates of " + file + ": it is empty");
            }
            LocalDate from = dateOf(first, file);
            LocalDate to = dateOf(last, file);
            List<LocalDate> dates = new ArrayList<>();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                dates.add(day);
            }
            return dates;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static LocalDate dateOf(String line, Path file) throws IOException {
        JsonNode timestamp = new ObjectMapper().readTree(line).get("timestamp");
        if (timestamp == null || !timestamp.isTextual()) {
            throw new IllegalArgumentException("Cannot find the dates of " + file + ": a line has no timestamp");
        }
        return OffsetDateTime.parse(timestamp.asText()).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static String lastLine(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int window = (int) Math.min(length, 1 << 20);
            byte[] tail = new byte[window];
            in.seek(length - window);
            in.readFully(tail);
            int end = window;
            while (end > 0 && (tail[end - 1] == '\n' || tail[end - 1] == '\r')) {
                end--;
            }
            int start = end;
            while (start > 0 && tail[start - 1] != '\n') {
                start--;
            }
            return end == 0 ? null : new String(tail, start, end - start, StandardCharsets.UTF_8);
        }
    }

    /** Times nothing itself: generates about {@code rows} lines with the bench preset into {@code folder}; returns lines. */
    public static long simulate(long rows, Path folder) {
        int accounts = (int) Math.min(SimulationSpec.MAX_ACCOUNTS, rows / LINES_PER_ACCOUNT + 1000);
        return Simulator.run(SimulationSpec.preset(SimulationSpec.BENCH).withAccounts(accounts), folder).totalRecords();
    }

    public static long countLines(Path file) {
        return Baselines.readFile(file);
    }

    /** The first {@code rows} lines of {@code source}, for warming up. */
    public static Path head(Path source, long rows, Path target) {
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            String line;
            for (long i = 0; i < rows && (line = in.readLine()) != null; i++) {
                out.write(line);
                out.write('\n');
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy benchmark warm-up data: " + e.getMessage(), e);
        }
    }
}
