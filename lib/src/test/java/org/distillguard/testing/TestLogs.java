package org.distillguard.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds request-log lines in the input contract's format for tests. */
public final class TestLogs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestLogs() {}

    /** A valid record; tweak the returned node before rendering it with {@link #render}. */
    public static ObjectNode record(String requestId, String timestamp, String account, String prompt) {
        ObjectNode root = JSON.createObjectNode();
        root.put("request_id", requestId);
        root.put("timestamp", timestamp);
        root.put("account_id", account);
        root.put("api_key_id", "key_" + account);
        root.put("endpoint", "/v1/chat/completions");
        root.put("model", "frontier-large");
        ObjectNode client = root.putObject("client");
        client.put("ip", "203.0.113.7");
        client.put("user_agent", "python-httpx/0.27.0");
        client.put("country", "NL");
        root.putObject("billing").put("payment_fingerprint", "pmf_" + account);
        root.putObject("account").put("created_at", "2026-10-02T08:00:00Z");
        ObjectNode request = root.putObject("request");
        ArrayNode messages = request.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are a helpful assistant.");
        messages.addObject().put("role", "user").put("content", prompt);
        request.put("temperature", 0.7);
        request.put("n", 1);
        request.put("max_tokens", 4096);
        ObjectNode response = root.putObject("response");
        response.put("status", 200);
        ObjectNode choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", "An answer to: " + prompt);
        choice.put("finish_reason", "stop");
        ObjectNode usage = response.putObject("usage");
        usage.put("prompt_tokens", 31);
        usage.put("completion_tokens", 412);
        root.put("latency_ms", 2310);
        return root;
    }

    public static String render(ObjectNode record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String line(String requestId, String timestamp, String account, String prompt) {
        return render(record(requestId, timestamp, account, prompt));
    }
}
