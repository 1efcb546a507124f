package org.distillguard.simulate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;

/**
 * Writes request-log lines in the input contract's shape (see the request-log spec): one JSON object per line,
 * field names as gateways write them, optional fields left out rather than written as null.
 */
final class EventWriter implements Closeable {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    /** Extra completions of an {@code n > 1} request carry a shorter excerpt; the first carries the full one. */
    private static final int EXTRA_CHOICE_MAX_CHARACTERS = 200;

    private final JsonGenerator generator;
    private final String datePrefix;

    EventWriter(OutputStream out, LocalDate day) throws IOException {
        this.generator = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        this.generator.setRootValueSeparator(null);
        this.datePrefix = day + "T";
    }

    /** Writes one line; {@code offsetMillis} is the time since midnight UTC of the file's day. */
    void write(Account account, String createdAt, RequestDraft draft, long offsetMillis) throws IOException {
        JsonGenerator json = generator;
        json.writeStartObject();
        json.writeStringField("request_id", draft.requestId);
        json.writeStringField("timestamp", timestamp(offsetMillis));
        json.writeStringField("account_id", account.id());
        json.writeStringField("api_key_id", draft.apiKeyId);
        json.writeStringField("endpoint", draft.endpoint);
        json.writeStringField("model", draft.model);
        json.writeObjectFieldStart("client");
        json.writeStringField("ip", draft.ip);
        json.writeStringField("user_agent", draft.userAgent);
        json.writeStringField("country", account.country());
        json.writeEndObject();
        json.writeObjectFieldStart("billing");
        json.writeStringField("payment_fingerprint", account.paymentFingerprint());
        json.writeEndObject();
        json.writeObjectFieldStart("account");
        json.writeStringField("created_at", createdAt);
        json.writeEndObject();

        json.writeObjectFieldStart("request");
        if (draft.prompt != null) {
            json.writeStringField("prompt", draft.prompt);
        } else {
            json.writeArrayFieldStart("messages");
            for (int index = 0; index < draft.roles.size(); index++) {
                json.writeStartObject();
                json.writeStringField("role", draft.roles.get(index));
                json.writeStringField("content", draft.contents.get(index));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (!Double.isNaN(draft.temperature)) {
            json.writeNumberField("temperature", draft.temperature);
        }
        if (!Double.isNaN(draft.topP)) {
            json.writeNumberField("top_p", draft.topP);
        }
        if (draft.n > 0) {
            json.writeNumberField("n", draft.n);
        }
        if (draft.maxTokens > 0) {
            json.writeNumberField("max_tokens", draft.maxTokens);
        }
        if (draft.logprobs >= 0) {
            json.writeBooleanField("logprobs", draft.logprobs == 1);
        }
        if (draft.topLogprobs >= 0) {
            json.writeNumberField("top_logprobs", draft.topLogprobs);
        }
        if (draft.stream >= 0) {
            json.writeBooleanField("stream", draft.stream == 1);
        }
        if (draft.hasSeed) {
            json.writeNumberField("seed", draft.seed);
        }
        if (draft.responseFormat != null) {
            json.writeObjectFieldStart("response_format");
            json.writeStringField("type", draft.responseFormat);
            json.writeEndObject();
        }
        if (!draft.toolNames.isEmpty()) {
            json.writeArrayFieldStart("tools");
            for (String tool : draft.toolNames) {
                json.writeStartObject();
                json.writeStringField("type", "function");
                json.writeObjectFieldStart("function");
                json.writeStringField("name", tool);
                json.writeObjectFieldStart("parameters");
                json.writeStringField("type", "object");
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (draft.reasoningEffort != null) {
            json.writeStringField("reasoning_effort", draft.reasoningEffort);
        }
        json.writeEndObject();

        json.writeObjectFieldStart("response");
        json.writeNumberField("status", draft.status);
        if (draft.status == 200) {
            String content = Archetypes.clip(draft.responseText, SimulationDefaults.RESPONSE_CONTENT_MAX_CHARACTERS);
            json.writeArrayFieldStart("choices");
            int choices = Math.max(1, draft.n);
            for (int index = 0; index < choices; index++) {
                json.writeStartObject();
                json.writeNumberField("index", index);
                json.writeObjectFieldStart("message");
                json.writeStringField("role", "assistant");
                json.writeStringField("content", index == 0 ? content : Archetypes.clip(content, EXTRA_CHOICE_MAX_CHARACTERS));
                json.writeEndObject();
                json.writeStringField("finish_reason", draft.finishReason);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", draft.promptTokens);
            json.writeNumberField("completion_tokens", draft.completionTokens);
            json.writeNumberField("reasoning_tokens", draft.reasoningTokens);
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeNumberField("latency_ms", draft.latencyMs);
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** RFC 3339 UTC with milliseconds, written by hand: it is on every line and DateTimeFormatter is slow. */
    String timestamp(long offsetMillis) {
        long millis = offsetMillis % 1000;
        long seconds = offsetMillis / 1000;
        char[] text = new char[13];
        int hours = (int) (seconds / 3600);
        int minutes = (int) (seconds / 60 % 60);
        int secs = (int) (seconds % 60);
        text[0] = (char) ('0' + hours / 10);
        text[1] = (char) ('0' + hours % 10);
        text[2] = ':';
        text[3] = (char) ('0' + minutes / 10);
        text[4] = (char) ('0' + minutes % 10);
        text[5] = ':';
        text[6] = (char) ('0' + secs / 10);
        text[7] = (char) ('0' + secs % 10);
        text[8] = '.';
        text[9] = (char) ('0' + millis / 100);
        text[10] = (char) ('0' + millis / 10 % 10);
        text[11] = (char) ('0' + millis % 10);
        text[12] = 'Z';
        return datePrefix + new String(text);
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }
}
