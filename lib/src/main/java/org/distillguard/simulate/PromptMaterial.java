package org.distillguard.simulate;

import java.util.List;

/**
 * Fixed text the archetypes wrap around the real corpora: distiller wrappers, batch templates, system prompts,
 * tool names, capability topic lists, user agents and countries. Kept apart from the behaviour code so the two can
 * be read (and extended) separately.
 */
final class PromptMaterial {

    private PromptMaterial() {
    }

    /** The slot is {@code {instruction}} (and {@code {input}}); everything else repeats verbatim request after request. */
    static final List<String> DISTILLER_WRAPPERS = List.of(
            "### Instruction:\n{instruction}\n\n### Input:\n{input}\n\n### Response:",
            "Below is an instruction that describes a task. Write a response that appropriately completes the request in full detail.\n\nInstruction: {instruction}\nInput: {input}",
            "You are a world-class expert. Give a complete, exhaustive, high-quality answer with all details.\n\nTASK: {instruction}\nCONTEXT: {input}",
            "[SYSTEM TASK #A7]\n<instruction>{instruction}</instruction>\n<input>{input}</input>\nRespond in Markdown. Be thorough.",
            "Answer the following as thoroughly as possible, including every intermediate step.\nQuestion: {instruction}\n{input}",
            "Generate the ideal assistant response for this training example.\nUSER: {instruction} {input}\nASSISTANT:");

    static final List<String> BATCH_TEMPLATES = List.of(
            "Classify the sentiment of the following customer review as positive, negative or neutral. Reply with one word.\n\nReview: {text}",
            "Extract all company names, people and dates from the text below. Return JSON with keys companies, people, dates.\n\nText: {text}",
            "Assign exactly one category from [billing, technical, account, other] to this support ticket. Answer with the category only.\n\nTicket: {text}",
            "Is the following message spam? Answer yes or no.\n\nMessage: {text}",
            "Summarize the following text in one sentence of at most 25 words.\n\n{text}",
            "Detect the language of the following text and answer with its ISO 639-1 code only.\n\n{text}");

    static final List<String> CHAT_APP_SYSTEM_PROMPTS = List.of(
            "You are Lumi, the friendly assistant inside the Lumi notes app. Be concise and kind.",
            "You are a helpful customer assistant for an online bookshop. Answer in the user's language.",
            "You are StudyBuddy, a tutor for high-school students. Explain simply and check understanding.",
            "You are a helpful assistant.",
            "You are the in-app assistant of a travel booking service. Keep answers short and practical.");

    static final String CODING_SYSTEM_PROMPT = "You are an AI programming assistant inside the user's editor. Complete or fix the code at the cursor. Reply with code only unless asked.";
    static final List<String> CODING_REQUESTS = List.of(
            "Complete the function at the cursor.",
            "Why does this throw at runtime? Suggest a fix.",
            "Add a unit test for this.",
            "Refactor this to be more readable.",
            "Write a docstring for this function.",
            "Explain what this code does in two sentences.");

    static final String AGENT_SYSTEM_PROMPT = "You are an autonomous agent. Use the available tools to complete the user's task. Call one tool at a time and stop when the task is done.";
    static final List<String> TOOL_NAMES = List.of(
            "search_web", "read_url", "run_sql", "read_file", "write_file", "send_email", "get_calendar",
            "create_ticket", "python_exec", "get_weather", "lookup_customer", "list_directory");

    static final String RAG_SYSTEM_PROMPT = "Answer the question using only the context passages below. Cite passage numbers like [2]. If the answer is not in the context, say you don't know.";

    static final String EVALUATION_SYSTEM_PROMPT = "You are being evaluated. Answer the question directly and concisely.";

    static final List<String> PROGRAMMING_LANGUAGES = List.of("Python", "JavaScript", "TypeScript", "Java", "Go", "Rust", "C++", "SQL");
    static final List<String> CODING_TOPICS = List.of(
            "binary search", "merge sort", "an LRU cache", "a trie", "Dijkstra's shortest path", "topological sort",
            "a token-bucket rate limiter", "a JSON parser", "union-find", "interval merging", "a regular expression matcher",
            "a thread-safe queue", "consistent hashing", "a bloom filter", "the knapsack problem", "a B-tree insert");
    static final List<String> MATH_TOPICS = List.of(
            "linear equations", "quadratic equations", "conditional probability", "combinatorics", "plane geometry",
            "derivatives", "definite integrals", "number theory", "eigenvalues", "hypothesis testing", "series convergence", "modular arithmetic");

    static final List<String> HOBBY_USER_AGENTS = List.of(
            "openai-python/1.35.3", "openai-python/1.51.0", "curl/8.5.0", "PostmanRuntime/7.39.0", "python-requests/2.31.0",
            "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "OpenAI/NodeJS/4.52.0");
    static final List<String> SERVER_USER_AGENTS = List.of(
            "openai-python/1.51.0", "openai-python/1.40.6", "OpenAI/NodeJS/4.52.0", "OpenAI/NodeJS/4.67.1",
            "python-httpx/0.27.0", "openai-java/0.8.1", "Go-http-client/2.0", "okhttp/4.12.0");
    static final List<String> IDE_USER_AGENTS = List.of("vscode-copilot/1.245.0", "vscode-copilot/1.250.1", "JetBrains-AI-Assistant/243.2", "neovim-llm/0.6.2");
    static final List<String> AGENT_USER_AGENTS = List.of("langchain-python/0.2.16", "python-httpx/0.27.0", "llama-index/0.11.2", "autogen/0.4.1", "openai-python/1.51.0");
    static final List<String> EVALUATION_USER_AGENTS = List.of("lm-eval-harness/0.4.3", "python-httpx/0.27.0", "openai-python/1.51.0", "inspect-ai/0.3.40");
    static final List<String> RESEARCH_USER_AGENTS = List.of("openai-python/1.51.0", "python-httpx/0.27.0", "python-requests/2.32.3", "openai-python/1.35.3");
    static final List<String> ATTACK_USER_AGENTS = List.of(
            "python-requests/2.31.0", "openai-python/1.51.0", "python-httpx/0.27.0", "aiohttp/3.9.5", "openai-python/1.35.3", "Go-http-client/2.0");

    /** Country, weight among ordinary accounts, UTC offset of its main population. */
    record Country(String code, double weight, int utcOffsetHours) {
    }

    static final List<Country> COUNTRIES = List.of(
            new Country("US", 34, -6), new Country("IN", 9, 5), new Country("GB", 6, 0), new Country("DE", 6, 1),
            new Country("FR", 4, 1), new Country("JP", 5, 9), new Country("BR", 4, -3), new Country("CA", 4, -5),
            new Country("KR", 3, 9), new Country("NL", 3, 1), new Country("SG", 3, 8), new Country("ES", 3, 1),
            new Country("AU", 3, 10), new Country("PL", 2, 1), new Country("VN", 2, 7), new Country("MX", 2, -6),
            new Country("ID", 2, 7), new Country("TR", 2, 3), new Country("IT", 2, 1), new Country("SE", 1, 1));

    /** First octets of public unicast space (no private, loopback, documentation or multicast ranges). */
    static final int[] PUBLIC_FIRST_OCTETS = {
        23, 31, 34, 35, 37, 45, 46, 52, 54, 62, 66, 77, 81, 89, 91, 93, 103, 104, 109, 138, 141, 145, 151,
        159, 176, 178, 185, 188, 193, 194, 195, 203, 212, 213, 217};
}
