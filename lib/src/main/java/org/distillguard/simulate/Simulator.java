package org.distillguard.simulate;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes a simulated provider's request logs with ground truth: {@code events-YYYY-MM-DD.jsonl[.gz]} per day in
 * timestamp order, and {@code truth.csv}.
 *
 * <p>Streaming: for each day every account gets a lazy stream that holds only its request times (a {@code long}
 * per request) and a small random state; streams are merged by timestamp through a priority queue and each request
 * is composed, written and forgotten. Memory grows with accounts and one day's request count in longs, never with
 * the events themselves.
 */
public final class Simulator {

    static final String TRUTH_FILE = "truth.csv";
    static final String TRUTH_HEADER = "account_id,label,kind,cluster_id";
    private static final int OUTPUT_BUFFER_BYTES = 1 << 16;

    private Simulator() {
    }

    public static String dayFileName(LocalDate day, boolean gzip) {
        return "events-" + day + (gzip ? ".jsonl.gz" : ".jsonl");
    }

    public static SimulationResult run(SimulationSpec spec, Path outputDirectory) {
        return run(spec, outputDirectory, PromptDecorator.identity());
    }

    public static SimulationResult run(SimulationSpec spec, Path outputDirectory, PromptDecorator decorator) {
        Objects.requireNonNull(spec, "spec is null");
        return run(spec, Corpora.load(spec.corporaDirectory()), outputDirectory, decorator);
    }

    public static SimulationResult run(SimulationSpec spec, Corpora corpora, Path outputDirectory, PromptDecorator decorator) {
        Objects.requireNonNull(spec, "spec is null");
        Objects.requireNonNull(corpora, "corpora is null");
        Objects.requireNonNull(outputDirectory, "outputDirectory is null");
        Objects.requireNonNull(decorator, "decorator is null");
        try {
            Files.createDirectories(outputDirectory);
            Population population = Population.build(spec, corpora);
            List<Account> accounts = population.accounts();
            String[] createdAt = new String[accounts.size()];
            for (Account account : accounts) {
                createdAt[account.index()] = account.createdAt().toString();
            }
            boolean[] seen = new boolean[accounts.size()];
            TreeMap<LocalDate, Long> recordsPerDay = new TreeMap<>();
            List<Path> files = new ArrayList<>();
            for (int dayIndex = 0; dayIndex < spec.days(); dayIndex++) {
                DayContext day = DayContext.of(spec, corpora, dayIndex);
                Path file = outputDirectory.resolve(dayFileName(day.date(), spec.gzip()));
                recordsPerDay.put(day.date(), writeDay(spec, day, accounts, createdAt, seen, file, decorator));
                files.add(file);
            }
            Path truth = outputDirectory.resolve(TRUTH_FILE);
            Map<Kind, Integer> accountsByKind = writeTruth(accounts, seen, truth);
            files.add(truth);
            return new SimulationResult(recordsPerDay, accountsByKind, files, corpora.source(), spec.releaseInstant());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the simulation to " + outputDirectory + ": " + e.getMessage(), e);
        }
    }

    /** One account's requests on one day, produced lazily in time order. */
    private static final class AccountDayStream {
        final Account account;
        final long[] offsets;
        final SplittableRandom random;
        int position;

        AccountDayStream(Account account, long[] offsets, SplittableRandom random) {
            this.account = account;
            this.offsets = offsets;
            this.random = random;
        }

        long nextOffset() {
            return offsets[position];
        }
    }

    private static long writeDay(SimulationSpec spec, DayContext day, List<Account> accounts, String[] createdAt, boolean[] seen, Path file,
            PromptDecorator decorator) throws IOException {
        PriorityQueue<AccountDayStream> queue = new PriorityQueue<>(Math.max(1, accounts.size()), (left, right) -> {
            int byTime = Long.compare(left.nextOffset(), right.nextOffset());
            return byTime != 0 ? byTime : Integer.compare(left.account.index(), right.account.index());
        });
        for (Account account : accounts) {
            SplittableRandom random = Seeds.random(spec.seed(), account.seed(), day.dayIndex());
            long[] offsets = Archetypes.schedule(account, day, random);
            if (offsets.length > 0) {
                queue.add(new AccountDayStream(account, offsets, random));
            }
        }
        long records = 0;
        RequestDraft draft = new RequestDraft();
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), OUTPUT_BUFFER_BYTES);
                OutputStream out = spec.gzip() ? new DeterministicGzipOutputStream(raw) : raw;
                EventWriter writer = new EventWriter(out, day.date())) {
            while (!queue.isEmpty()) {
                AccountDayStream stream = queue.poll();
                long offset = stream.nextOffset();
                Account account = stream.account;
                draft.reset();
                Archetypes.compose(account, day, stream.position, day.dayStartMillis() + offset, stream.random, draft);
                finish(account, draft, stream.random, decorator);
                writer.write(account, createdAt[account.index()], draft, offset);
                records++;
                if (stream.random.nextDouble() < SimulationDefaults.GATEWAY_RETRY_SHARE) {
                    // A gateway retry: the same call logged twice under one request id.
                    writer.write(account, createdAt[account.index()], draft, offset);
                    records++;
                }
                seen[account.index()] = true;
                stream.position++;
                if (stream.position < stream.offsets.length) {
                    queue.add(stream);
                }
            }
        }
        return records;
    }

    /** What every request gets regardless of kind: id, planted-prompt hook, token counts, status, latency. */
    private static void finish(Account account, RequestDraft draft, SplittableRandom random, PromptDecorator decorator) {
        draft.requestId = "req_" + Seeds.hex(random, 20);
        PromptDecorator.PromptContext context = new PromptDecorator.PromptContext(account.id(), account.kind(), draft.requestId, random.nextLong());
        if (draft.prompt != null) {
            draft.prompt = decorator.decorate(draft.prompt, context);
        } else {
            int last = draft.lastUserMessage();
            if (last >= 0) {
                draft.contents.set(last, decorator.decorate(draft.contents.get(last), context));
            }
        }
        draft.promptTokens = (int) Math.ceil(draft.promptCharacters() / SimulationDefaults.CHARACTERS_PER_TOKEN) + 4 * Math.max(1, draft.roles.size());
        int perChoice = Math.max(1, draft.completionTokens);
        if (draft.maxTokens > 0 && perChoice >= draft.maxTokens) {
            perChoice = draft.maxTokens;
            if (!"tool_calls".equals(draft.finishReason)) {
                draft.finishReason = "length";
            }
        }
        draft.completionTokens = perChoice * Math.max(1, draft.n);
        if (draft.responseText.isBlank()) {
            draft.responseText = "Here is the answer to your request.";
        }
        double outcome = random.nextDouble();
        if (outcome < SimulationDefaults.RATE_LIMITED_SHARE) {
            draft.status = 429;
            draft.latencyMs = 3 + random.nextInt(40);
            return;
        }
        if (outcome < SimulationDefaults.RATE_LIMITED_SHARE + SimulationDefaults.SERVER_ERROR_SHARE) {
            draft.status = 500;
            draft.latencyMs = 100 + random.nextInt(30_000);
            return;
        }
        // Time to first token grows with the prompt; decoding costs 10 to 30 ms per token, reasoning included.
        double perToken = 10 + 20 * random.nextDouble();
        draft.latencyMs = (int) Math.min(600_000, 150 + random.nextInt(500) + draft.promptTokens * 0.05 + (perChoice + draft.reasoningTokens) * perToken);
    }

    private static Map<Kind, Integer> writeTruth(List<Account> accounts, boolean[] seen, Path truth) throws IOException {
        Map<Kind, Integer> byKind = new EnumMap<>(Kind.class);
        try (BufferedWriter writer = Files.newBufferedWriter(truth, StandardCharsets.UTF_8)) {
            writer.write(TRUTH_HEADER);
            writer.write('\n');
            for (Account account : accounts) {
                if (!seen[account.index()]) {
                    continue;
                }
                writer.write(account.id() + "," + account.kind().label().text() + "," + account.kind().text() + "," + account.clusterId() + "\n");
                byKind.merge(account.kind(), 1, Integer::sum);
            }
        }
        return byKind;
    }
}
