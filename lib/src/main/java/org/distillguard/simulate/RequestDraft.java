package org.distillguard.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * The one request being composed. Deliberately mutable and reused: the generator writes a million of these a
 * minute and allocating a tree of value objects per line would dominate the run time. It never leaves the
 * simulator; {@link EventWriter} turns it into one JSON line.
 */
final class RequestDraft {

    String requestId;
    String endpoint;
    String model;
    String ip;
    String userAgent;
    String apiKeyId;
    final List<String> roles = new ArrayList<>();
    final List<String> contents = new ArrayList<>();
    /** Legacy completions prompt; when set, messages are not written. */
    String prompt;
    double temperature;
    double topP;
    int n;
    int maxTokens;
    int logprobs;
    int topLogprobs;
    int stream;
    long seed;
    boolean hasSeed;
    String responseFormat;
    final List<String> toolNames = new ArrayList<>();
    String reasoningEffort;

    int status;
    /** What the model would answer before truncation for the log; the response text is cut from it. */
    String responseText;
    String finishReason;
    int promptTokens;
    int completionTokens;
    int reasoningTokens;
    int latencyMs;

    /** Absent optional values are NaN, -1 or null so the writer can leave them out. */
    void reset() {
        requestId = null;
        endpoint = SimulationDefaults.CHAT_ENDPOINT;
        model = SimulationDefaults.MODEL_LARGE;
        ip = null;
        userAgent = null;
        apiKeyId = null;
        roles.clear();
        contents.clear();
        prompt = null;
        temperature = Double.NaN;
        topP = Double.NaN;
        n = -1;
        maxTokens = -1;
        logprobs = -1;
        topLogprobs = -1;
        stream = -1;
        seed = 0;
        hasSeed = false;
        responseFormat = null;
        toolNames.clear();
        reasoningEffort = null;
        status = 200;
        responseText = "";
        finishReason = "stop";
        promptTokens = 0;
        completionTokens = 0;
        reasoningTokens = 0;
        latencyMs = 0;
    }

    void message(String role, String content) {
        roles.add(role);
        contents.add(content);
    }

    /** Index of the last user message, or -1. */
    int lastUserMessage() {
        for (int index = roles.size() - 1; index >= 0; index--) {
            if (roles.get(index).equals("user")) {
                return index;
            }
        }
        return -1;
    }

    int promptCharacters() {
        if (prompt != null) {
            return prompt.length();
        }
        int total = 0;
        for (String content : contents) {
            total += content.length();
        }
        return total;
    }
}
