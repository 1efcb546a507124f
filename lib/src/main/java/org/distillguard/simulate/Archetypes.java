package org.distillguard.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * How each kind behaves: when its requests arrive ({@link #schedule}) and what each one asks ({@link #compose}).
 * Per-account choices (a batch customer's template, a harvester's languages, an evaluation's question set) derive
 * from the account seed alone, so they hold across days; per-request choices use the account-day stream.
 */
final class Archetypes {

    private static final double[] TEMPERATURE_SWEEP = {0.0, 0.4, 0.7, 1.0, 1.3};
    private static final List<String> DISTILL_SOURCES = List.of(Corpora.CODEGEN, Corpora.ROLEPLAY, Corpora.TOOLFORMER, Corpora.SEED_TASKS, Corpora.DAVINCI);
    /** Salts for per-account choices, so different choices are independent of each other. */
    private static final long CHOICE_TEMPLATE = 11;
    private static final long CHOICE_LANGUAGES = 12;
    private static final long CHOICE_STYLE = 13;
    private static final long CHOICE_QUESTIONS = 14;
    private static final long CHOICE_TOOLS = 15;

    private Archetypes() {
    }

    // ------------------------------------------------------------------ timing

    /** Sorted offsets (milliseconds from midnight UTC) of this account's requests on this day. */
    static long[] schedule(Account account, DayContext day, SplittableRandom random) {
        Kind kind = account.kind();
        java.time.DayOfWeek dayOfWeek = day.date().getDayOfWeek();
        switch (kind) {
            case EVALUATION_HARNESS -> {
                // The same question set, every day, in one burst at the account's own hour.
                long from = accountChoice(account, CHOICE_STYLE, 22) * ArrivalTimes.HOUR_MILLIS;
                return ArrivalTimes.window(evaluationQuestionCount(account), account, from, from + 90 * 60_000L, random);
            }
            case HYDRA_MEMBER -> {
                return hydraSchedule(account, day, random);
            }
            case RELEASE_CHASER -> {
                return releaseChaserSchedule(account, day, random);
            }
            default -> {
                double mean = kind.typicalRequestsPerDay() * account.volume() * ArrivalTimes.weekdayFactor(kind.diurnal(), dayOfWeek);
                return ArrivalTimes.diurnal(poisson(mean, random), account, kind.diurnal(), dayOfWeek, random);
            }
        }
    }

    private static long[] hydraSchedule(Account account, DayContext day, SplittableRandom random) {
        HydraCluster cluster = account.cluster().orElseThrow();
        // One operator schedule per cluster-day: every member gets the same count, dealt out round-robin.
        int perMember = poisson(cluster.requestsPerMemberDay(), Seeds.random(cluster.seed(), day.dayIndex()));
        long total = (long) perMember * cluster.size();
        if (total == 0) {
            return new long[0];
        }
        int startHour = Math.min(cluster.activeStartHour(), 24 - cluster.activeHours());
        long from = startHour * ArrivalTimes.HOUR_MILLIS;
        double gap = cluster.activeHours() * ArrivalTimes.HOUR_MILLIS / (double) total;
        long[] offsets = new long[perMember];
        for (int slot = 0; slot < perMember; slot++) {
            long position = (long) slot * cluster.size() + account.memberIndex();
            double jitter = (random.nextDouble() - 0.5) * 0.6 * gap;
            offsets[slot] = Math.max(0, Math.min(ArrivalTimes.DAY_MILLIS - 1, from + (long) (position * gap + gap / 2 + jitter)));
        }
        return offsets;
    }

    private static long[] releaseChaserSchedule(Account account, DayContext day, SplittableRandom random) {
        double quiet = Kind.RELEASE_CHASER.typicalRequestsPerDay() * account.volume();
        double surge = quiet * SimulationDefaults.RELEASE_SURGE_FACTOR;
        double after = quiet * 10;
        long dayStart = day.dayStartMillis();
        long release = day.releaseMillis();
        long surgeEnd = release + ArrivalTimes.DAY_MILLIS;
        // Segments of the day with their daily rate: before the release, the day after it, later.
        long[][] bounds = {{dayStart, Math.min(release, dayStart + ArrivalTimes.DAY_MILLIS)}, {Math.max(dayStart, release), Math.min(surgeEnd, dayStart + ArrivalTimes.DAY_MILLIS)},
            {Math.max(dayStart, surgeEnd), dayStart + ArrivalTimes.DAY_MILLIS}};
        double[] rates = {quiet, surge, after};
        List<long[]> parts = new ArrayList<>();
        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            long from = bounds[segment][0];
            long to = bounds[segment][1];
            if (to <= from) {
                continue;
            }
            int count = poisson(rates[segment] * (to - from) / ArrivalTimes.DAY_MILLIS, random);
            long[] offsets = ArrivalTimes.window(count, account, from - dayStart, to - dayStart, random);
            parts.add(offsets);
            total += count;
        }
        long[] all = new long[total];
        int position = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, position, part.length);
            position += part.length;
        }
        return all;
    }

    static int evaluationQuestionCount(Account account) {
        return 80 + accountChoice(account, CHOICE_QUESTIONS, 220);
    }

    private static int poisson(double mean, SplittableRandom random) {
        if (mean <= 0) {
            return 0;
        }
        return new PoissonDistribution(new SplittableRandomGenerator(random.split()), mean,
                PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    // ------------------------------------------------------------------ content

    static void compose(Account account, DayContext day, int sequence, long timestampMillis, SplittableRandom random, RequestDraft draft) {
        draft.ip = pick(account.ipAddresses(), random);
        draft.userAgent = account.userAgents().size() == 1 || random.nextDouble() < 0.85 ? account.userAgents().get(0) : pick(account.userAgents(), random);
        draft.apiKeyId = pick(account.apiKeyIds(), random);
        Corpora corpora = day.corpora();
        boolean afterRelease = timestampMillis >= day.releaseMillis();
        switch (account.kind()) {
            case CHAT_APP -> chatApp(account, corpora, random, draft);
            case CODING_ASSISTANT -> codingAssistant(corpora, random, draft);
            case AGENT_FRAMEWORK -> agentFramework(account, corpora, random, draft);
            case BATCH_CLASSIFIER -> batchClassifier(account, corpora, random, draft);
            case EVALUATION_HARNESS -> evaluationHarness(account, corpora, sequence, random, draft);
            case RESEARCH_LAB -> researchLab(corpora, random, draft);
            case HOBBY_USER -> hobbyUser(corpora, random, draft);
            case ENTERPRISE_RAG -> enterpriseRag(corpora, random, draft);
            case BULK_DISTILLER -> bulkDistiller(account, corpora, random, draft);
            case REASONING_HARVESTER -> reasoningHarvester(account, corpora, random, draft);
            case LOGPROB_HARVESTER -> logprobHarvester(account, day, corpora, sequence, random, draft);
            case CAPABILITY_SWEEPER -> capabilitySweeper(day, corpora, sequence, random, draft);
            case HYDRA_MEMBER -> hydraMember(account, day, corpora, sequence, random, draft);
            case DILUTED_DISTILLER -> {
                if (random.nextDouble() < account.attackMix()) {
                    bulkDistiller(account, corpora, random, draft);
                } else {
                    chatApp(account, corpora, random, draft);
                }
            }
            case LOW_AND_SLOW -> lowAndSlow(corpora, random, draft);
            case RELEASE_CHASER -> {
                if (afterRelease) {
                    if (random.nextBoolean()) {
                        capabilitySweeper(day, corpora, sequence + (int) (random.nextInt(1000)), random, draft);
                    } else {
                        reasoningHarvester(account, corpora, random, draft);
                    }
                    draft.model = SimulationDefaults.MODEL_RELEASED;
                } else {
                    hobbyUser(corpora, random, draft);
                }
            }
            default -> throw new IllegalStateException("Cannot compose a request: no behaviour for kind " + account.kind());
        }
        if (afterRelease && account.kind().label() == Label.BENIGN
                && accountChoice(account, CHOICE_STYLE + 100, 1000) < SimulationDefaults.BENIGN_RELEASE_ADOPTION * 1000) {
            draft.model = SimulationDefaults.MODEL_RELEASED;
        }
    }

    private static void chatApp(Account account, Corpora corpora, SplittableRandom random, RequestDraft draft) {
        draft.model = accountChoice(account, CHOICE_STYLE, 10) < 6 ? SimulationDefaults.MODEL_MINI : SimulationDefaults.MODEL_LARGE;
        draft.message("system", PromptMaterial.CHAT_APP_SYSTEM_PROMPTS.get(accountChoice(account, CHOICE_TEMPLATE, PromptMaterial.CHAT_APP_SYSTEM_PROMPTS.size())));
        int turns = random.nextDouble() < 0.5 ? 0 : 1 + random.nextInt(3);
        for (int turn = 0; turn < turns; turn++) {
            draft.message("user", humanPrompt(corpora, random));
            draft.message("assistant", clipResponse(benignResponse(corpora, random)));
        }
        draft.message("user", humanPrompt(corpora, random));
        draft.temperature = accountChoice(account, CHOICE_STYLE + 1, 2) == 0 ? 0.7 : 1.0;
        if (random.nextBoolean()) {
            draft.maxTokens = 1024;
        }
        draft.stream = random.nextDouble() < 0.7 ? 1 : -1;
        draft.responseText = benignResponse(corpora, random);
        draft.completionTokens = corpora.tokenLengths(Corpora.AZURE_CONVERSATION).sampleOutput(random);
    }

    private static void codingAssistant(Corpora corpora, SplittableRandom random, RequestDraft draft) {
        draft.model = SimulationDefaults.MODEL_MINI;
        draft.message("system", PromptMaterial.CODING_SYSTEM_PROMPT);
        Corpora.TeacherExample code = pick(corpora.texts(Corpora.CODEGEN), random);
        draft.message("user", "```\n" + code.response() + "\n```\n" + pick(PromptMaterial.CODING_REQUESTS, random));
        draft.temperature = 0.2;
        draft.maxTokens = 256;
        draft.stream = 1;
        draft.responseText = code.response();
        // The Azure code trace comes from a code-completion service: short generations.
        draft.completionTokens = corpora.tokenLengths(Corpora.AZURE_CODE).sampleOutput(random);
    }

    private static void agentFramework(Account account, Corpora corpora, SplittableRandom random, RequestDraft draft) {
        SplittableRandom choices = Seeds.random(account.seed(), CHOICE_TOOLS);
        int toolCount = 3 + choices.nextInt(4);
        int first = choices.nextInt(PromptMaterial.TOOL_NAMES.size());
        for (int tool = 0; tool < toolCount; tool++) {
            draft.toolNames.add(PromptMaterial.TOOL_NAMES.get((first + tool) % PromptMaterial.TOOL_NAMES.size()));
        }
        draft.message("system", PromptMaterial.AGENT_SYSTEM_PROMPT);
        Corpora.TeacherExample task = pick(corpora.texts(Corpora.USER_TASKS), random);
        draft.message("user", task.input().isEmpty() ? task.instruction() : task.instruction() + "\n\n" + task.input());
        int rounds = 1 + random.nextInt(4);
        for (int round = 0; round < rounds; round++) {
            String tool = pick(draft.toolNames, random);
            draft.message("assistant", "Calling " + tool + " with {\"query\": \"step " + (round + 1) + "\"}");
            draft.message("tool", clip(benignResponse(corpora, random), 800));
        }
        draft.temperature = 0.2;
        boolean callsTool = random.nextBoolean();
        draft.finishReason = callsTool ? "tool_calls" : "stop";
        draft.responseText = callsTool ? "Calling " + pick(draft.toolNames, random) + " with {\"query\": \"next\"}" : benignResponse(corpora, random);
        draft.completionTokens = Math.max(8, corpora.tokenLengths(Corpora.AZURE_CONVERSATION).sampleOutput(random) / 2);
    }

    private static final List<List<String>> BATCH_ANSWERS = List.of(
            List.of("positive", "negative", "neutral"),
            List.of("{\"companies\": [], \"people\": [], \"dates\": []}", "{\"companies\": [\"Acme\"], \"people\": [], \"dates\": [\"2021\"]}"),
            List.of("billing", "technical", "account", "other"),
            List.of("yes", "no"),
            List.of("The text describes a request and the steps needed to complete it."),
            List.of("en", "de", "fr", "es"));

    private static void batchClassifier(Account account, Corpora corpora, SplittableRandom random, RequestDraft draft) {
        int template = accountChoice(account, CHOICE_TEMPLATE, PromptMaterial.BATCH_TEMPLATES.size());
        Corpora.TeacherExample item = random.nextBoolean() ? pick(corpora.texts(Corpora.USER_TASKS), random) : pick(corpora.texts(Corpora.ARENA), random);
        String text = clip(item.input().isEmpty() ? item.instruction() : item.input(), 400);
        String prompt = PromptMaterial.BATCH_TEMPLATES.get(template).replace("{text}", text);
        // Older integrations still call the legacy completions endpoint.
        if (accountChoice(account, CHOICE_STYLE, 2) == 0) {
            draft.endpoint = SimulationDefaults.COMPLETIONS_ENDPOINT;
            draft.prompt = prompt;
        } else {
            draft.message("user", prompt);
        }
        draft.model = SimulationDefaults.MODEL_MINI;
        draft.temperature = 0.0;
        draft.maxTokens = template == 1 ? 120 : 16;
        if (template == 1) {
            draft.responseFormat = "json_object";
        }
        draft.responseText = pick(BATCH_ANSWERS.get(template), random);
        draft.completionTokens = Math.max(1, (int) Math.ceil(draft.responseText.length() / SimulationDefaults.CHARACTERS_PER_TOKEN));
    }

    private static void evaluationHarness(Account account, Corpora corpora, int sequence, SplittableRandom random, RequestDraft draft) {
        // Question j of the account's fixed set: the same j gives the same question every day.
        SplittableRandom question = Seeds.random(account.seed(), CHOICE_QUESTIONS, sequence % evaluationQuestionCount(account));
        List<Corpora.TeacherExample> pool = switch (question.nextInt(3)) {
            case 0 -> corpora.texts(Corpora.ARENA);
            case 1 -> corpora.texts(Corpora.SEED_TASKS);
            default -> corpora.texts(Corpora.USER_TASKS);
        };
        Corpora.TeacherExample item = pool.get(question.nextInt(pool.size()));
        draft.message("system", PromptMaterial.EVALUATION_SYSTEM_PROMPT);
        draft.message("user", item.input().isEmpty() ? item.instruction() : item.instruction() + "\n\n" + item.input());
        draft.temperature = 0.0;
        draft.maxTokens = 512;
        draft.hasSeed = true;
        draft.seed = 1234;
        if (accountChoice(account, CHOICE_STYLE + 2, 10) < 7) {
            draft.logprobs = 1;
            draft.topLogprobs = 1 + accountChoice(account, CHOICE_STYLE + 3, 5);
        }
        draft.responseText = item.response().isEmpty() ? benignResponse(corpora, random) : item.response();
        draft.completionTokens = Math.max(4, corpora.tokenLengths(Corpora.AZURE_CONVERSATION).sampleOutput(random) / 3);
    }

    private static void researchLab(Corpora corpora, SplittableRandom random, RequestDraft draft) {
        Corpora.TeacherExample item = random.nextBoolean() ? pick(corpora.texts(Corpora.ARENA), random) : pick(corpora.texts(Corpora.SEED_TASKS), random);
        String prompt = item.input().isEmpty() ? item.instruction() : item.instruction() + "\n\n" + item.input();
        if (random.nextBoolean()) {
            prompt = prompt + "\n\n" + pick(ReasoningPhrases.RESEARCH_PHRASES, random);
        }
        draft.message("user", prompt);
        draft.temperature = TEMPERATURE_SWEEP[random.nextInt(4)];
        if (random.nextBoolean()) {
            draft.topP = 0.95;
        }
        if (random.nextDouble() < 0.2) {
            draft.n = 2 + random.nextInt(3);
        }
        if (random.nextDouble() < 0.1) {
            draft.logprobs = 1;
            draft.topLogprobs = 5;
        }
        if (random.nextDouble() < 0.3) {
            draft.model = SimulationDefaults.MODEL_REASONING;
            draft.reasoningEffort = random.nextBoolean() ? "medium" : "high";
            draft.reasoningTokens = 200 + random.nextInt(3000);
        }
        draft.responseText = item.response().isEmpty() ? benignResponse(corpora, random) : item.response();
        draft.completionTokens = corpora.tokenLengths(Corpora.MOONCAKE).sampleOutput(random);
    }

    private static void hobbyUser(Corpora corpora, SplittableRandom random, RequestDraft draft) {
        if (random.nextDouble() < 0.4) {
            draft.message("user", pick(corpora.texts(Corpora.ROLE_PROMPTS), random).instruction());
        } else {
            if (random.nextDouble() < 0.3) {
                draft.message("user", humanPrompt(corpora, random));
                draft.message("assistant", clipResponse(benignResponse(corpora, random)));
            }
            draft.message("user", humanPrompt(corpora, random));
        }
        if (random.nextBoolean()) {
            draft.temperature = 1.0;
        }
        draft.model = random.nextBoolean() ? SimulationDefaults.MODEL_MINI : SimulationDefaults.MODEL_LARGE;
        draft.responseText = benignResponse(corpora, random);
        draft.completionTokens = corpora.tokenLengths(Corpora.AZURE_CONVERSATION).sampleOutput(random);
    }

    private static void enterpriseRag(Corpora corpora, SplittableRandom random, RequestDraft draft) {
        draft.message("system", PromptMaterial.RAG_SYSTEM_PROMPT);
        // Retrieved context sized from the Mooncake prompt lengths (long-context production traffic), capped for file size.
        int targetCharacters = (int) Math.min(SimulationDefaults.PROMPT_MAX_CHARACTERS,
                corpora.tokenLengths(Corpora.MOONCAKE).sampleInput(random) * SimulationDefaults.CHARACTERS_PER_TOKEN);
        StringBuilder context = new StringBuilder("Context:\n");
        for (int passage = 1; context.length() < targetCharacters && passage <= 12; passage++) {
            context.append('[').append(passage).append("] ").append(clip(benignResponse(corpora, random), 900)).append('\n');
        }
        Corpora.TeacherExample question = pick(corpora.texts(Corpora.USER_TASKS), random);
        context.append("\nQuestion: ").append(question.instruction());
        draft.message("user", context.toString());
        draft.temperature = 0.1;
        draft.maxTokens = 800;
        draft.responseText = benignResponse(corpora, random);
        draft.completionTokens = corpora.tokenLengths(Corpora.AZURE_CONVERSATION).sampleOutput(random);
    }

    private static void bulkDistiller(Account account, Corpora corpora, SplittableRandom random, RequestDraft draft) {
        int wrapper = (accountChoice(account, CHOICE_TEMPLATE, PromptMaterial.DISTILLER_WRAPPERS.size()) + (random.nextDouble() < 0.2 ? 1 : 0))
                % PromptMaterial.DISTILLER_WRAPPERS.size();
        Corpora.TeacherExample example = pick(corpora.texts(pick(DISTILL_SOURCES, random)), random);
        draft.message("user", wrap(wrapper, example));
        draft.model = SimulationDefaults.MODEL_LARGE;
        draft.temperature = accountChoice(account, CHOICE_STYLE, 2) == 0 ? 0.7 : 1.0;
        draft.maxTokens = SimulationDefaults.MODEL_OUTPUT_LIMIT - random.nextInt(193);
        draft.responseText = example.response();
        draft.completionTokens = Math.min(draft.maxTokens, 3 * corpora.tokenLengths(Corpora.MOONCAKE).sampleOutput(random) + 200);
    }

    private static void reasoningHarvester(Account account, Corpora corpora, SplittableRandom random, RequestDraft draft) {
        SplittableRandom languages = Seeds.random(account.seed(), CHOICE_LANGUAGES);
        int languageCount = 3 + languages.nextInt(5);
        int firstLanguage = languages.nextInt(ReasoningPhrases.HARVESTER_PHRASES.size());
        ReasoningPhrases.Phrase phrase = ReasoningPhrases.HARVESTER_PHRASES.get((firstLanguage + random.nextInt(languageCount)) % ReasoningPhrases.HARVESTER_PHRASES.size());
        Corpora.TeacherExample example = pick(corpora.texts(pick(List.of(Corpora.SEED_TASKS, Corpora.DAVINCI, Corpora.CODEGEN), random)), random);
        String task = example.input().isEmpty() ? example.instruction() : example.instruction() + "\n\n" + example.input();
        draft.message("user", task + "\n\n" + phrase.sentence());
        draft.model = SimulationDefaults.MODEL_REASONING;
        draft.reasoningEffort = "high";
        draft.maxTokens = SimulationDefaults.MODEL_OUTPUT_LIMIT;
        draft.responseText = example.response();
        draft.reasoningTokens = 1000 + random.nextInt(5000);
        draft.completionTokens = Math.min(draft.maxTokens, corpora.tokenLengths(Corpora.MOONCAKE).sampleOutput(random) * 3 / 2 + 100);
    }

    private static void logprobHarvester(Account account, DayContext day, Corpora corpora, int sequence, SplittableRandom random, RequestDraft draft) {
        // Each prompt is sent once per temperature in the sweep, back to back.
        int promptNumber = sequence / TEMPERATURE_SWEEP.length;
        SplittableRandom promptChoice = Seeds.random(account.seed(), day.dayIndex(), promptNumber);
        Corpora.TeacherExample example = pick(corpora.texts(pick(DISTILL_SOURCES, promptChoice)), promptChoice);
        draft.message("user", example.input().isEmpty() ? example.instruction() : example.instruction() + "\n\nInput: " + example.input());
        draft.temperature = TEMPERATURE_SWEEP[sequence % TEMPERATURE_SWEEP.length];
        draft.logprobs = 1;
        draft.topLogprobs = accountChoice(account, CHOICE_STYLE, 4) == 0 ? 10 : 20;
        draft.n = 2 + accountChoice(account, CHOICE_STYLE + 1, 7);
        draft.maxTokens = 2048;
        draft.responseText = example.response();
        draft.completionTokens = Math.min(draft.maxTokens, corpora.tokenLengths(Corpora.AZURE_CONVERSATION).sampleOutput(random) * 2 + 50);
    }

    private static void capabilitySweeper(DayContext day, Corpora corpora, int sequence, SplittableRandom random, RequestDraft draft) {
        // Walks the cross product of capability, topic and variant in order, day after day.
        long counter = (long) day.dayIndex() * 100_000L + sequence;
        int capability = (int) (counter % 3);
        long step = counter / 3;
        String prompt;
        switch (capability) {
            case 0 -> {
                String language = PromptMaterial.PROGRAMMING_LANGUAGES.get((int) (step % PromptMaterial.PROGRAMMING_LANGUAGES.size()));
                String topic = PromptMaterial.CODING_TOPICS.get((int) ((step / PromptMaterial.PROGRAMMING_LANGUAGES.size()) % PromptMaterial.CODING_TOPICS.size()));
                prompt = "Implement " + topic + " in " + language + ". Include unit tests and explain the time and space complexity.";
            }
            case 1 -> {
                List<Corpora.TeacherExample> tools = corpora.texts(Corpora.TOOLFORMER);
                Corpora.TeacherExample example = tools.get((int) (step % tools.size()));
                prompt = example.instruction() + "\n" + example.input();
                draft.toolNames.addAll(List.of("search_web", "python_exec", "calculator"));
            }
            default -> {
                String topic = PromptMaterial.MATH_TOPICS.get((int) (step % PromptMaterial.MATH_TOPICS.size()));
                long level = (step / PromptMaterial.MATH_TOPICS.size()) % 5 + 1;
                prompt = "Create a difficult " + topic + " problem (difficulty level " + level + " of 5) and solve it with complete working.";
            }
        }
        draft.message("user", prompt);
        draft.temperature = 0.7;
        draft.maxTokens = 4096;
        draft.responseText = pick(corpora.texts(Corpora.CODEGEN), random).response();
        draft.completionTokens = Math.min(draft.maxTokens, 2 * corpora.tokenLengths(Corpora.MOONCAKE).sampleOutput(random) + 100);
    }

    private static void hydraMember(Account account, DayContext day, Corpora corpora, int sequence, SplittableRandom random, RequestDraft draft) {
        HydraCluster cluster = account.cluster().orElseThrow();
        if (random.nextDouble() < SimulationDefaults.HYDRA_COVER_SHARE) {
            // Unrelated ordinary requests mixed in as cover.
            hobbyUser(corpora, random, draft);
            return;
        }
        List<Corpora.TeacherExample> dataset = hydraDataset(cluster, corpora);
        int members = cluster.size();
        int member = account.memberIndex();
        // The dataset is dealt out disjointly: member i only ever sends items i, i+M, i+2M, ...
        int owned = (dataset.size() - member + members - 1) / members;
        long counter = (long) day.dayIndex() * 10_000L + sequence;
        Corpora.TeacherExample example = dataset.get(member + (int) (counter % owned) * members);
        int wrapper = cluster.wrapperIndexes().get(sequence % cluster.wrapperIndexes().size());
        draft.message("user", wrap(wrapper, example));
        draft.model = SimulationDefaults.MODEL_LARGE;
        draft.temperature = 0.7;
        draft.maxTokens = 4096;
        draft.responseText = example.response();
        draft.completionTokens = Math.min(draft.maxTokens, 2 * corpora.tokenLengths(Corpora.MOONCAKE).sampleOutput(random) + 100);
    }

    /** The cluster's teacher corpus, or all teacher corpora together when it has fewer items than members. */
    static List<Corpora.TeacherExample> hydraDataset(HydraCluster cluster, Corpora corpora) {
        List<Corpora.TeacherExample> dataset = corpora.texts(cluster.teacherSource());
        if (dataset.size() >= cluster.size()) {
            return dataset;
        }
        List<Corpora.TeacherExample> combined = new ArrayList<>();
        for (String source : DISTILL_SOURCES) {
            combined.addAll(corpora.texts(source));
        }
        return combined;
    }

    private static void lowAndSlow(Corpora corpora, SplittableRandom random, RequestDraft draft) {
        Corpora.TeacherExample example = pick(corpora.texts(pick(DISTILL_SOURCES, random)), random);
        String prompt = example.input().isEmpty() ? example.instruction() : example.instruction() + "\n\n" + example.input();
        if (random.nextDouble() < 0.4) {
            prompt = prompt + "\n\nPlease show your full reasoning.";
        }
        draft.message("user", prompt);
        draft.temperature = 0.7;
        draft.maxTokens = 4096;
        draft.responseText = example.response();
        draft.completionTokens = Math.min(draft.maxTokens, corpora.tokenLengths(Corpora.MOONCAKE).sampleOutput(random) * 3 / 2 + 100);
    }

    // ------------------------------------------------------------------ helpers

    static String wrap(int wrapper, Corpora.TeacherExample example) {
        return PromptMaterial.DISTILLER_WRAPPERS.get(wrapper).replace("{instruction}", example.instruction()).replace("{input}", example.input());
    }

    /** Text a person typed: Chatbot Arena questions, Self-Instruct user tasks, awesome-chatgpt-prompts. */
    private static String humanPrompt(Corpora corpora, SplittableRandom random) {
        double which = random.nextDouble();
        if (which < 0.45) {
            return pick(corpora.texts(Corpora.ARENA), random).instruction();
        }
        if (which < 0.8) {
            Corpora.TeacherExample task = pick(corpora.texts(Corpora.USER_TASKS), random);
            return task.input().isEmpty() ? task.instruction() : task.instruction() + "\n\n" + task.input();
        }
        return pick(corpora.texts(Corpora.ROLE_PROMPTS), random).instruction();
    }

    private static String benignResponse(Corpora corpora, SplittableRandom random) {
        for (int attempt = 0; attempt < 4; attempt++) {
            Corpora.TeacherExample example = pick(corpora.texts(random.nextBoolean() ? Corpora.USER_TASKS : Corpora.DAVINCI), random);
            if (!example.response().isBlank()) {
                return example.response();
            }
        }
        return "Here is a short answer to your question, with the key points first and details after.";
    }

    private static String clipResponse(String text) {
        return clip(text, SimulationDefaults.RESPONSE_CONTENT_MAX_CHARACTERS);
    }

    static String clip(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit);
    }

    private static <T> T pick(List<T> values, SplittableRandom random) {
        return values.get(random.nextInt(values.size()));
    }

    /** A per-account choice in [0, bound) that stays the same across days. */
    static int accountChoice(Account account, long salt, int bound) {
        return (int) Math.floorMod(Seeds.mix(account.seed(), salt), (long) bound);
    }
}
