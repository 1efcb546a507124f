package org.distillguard.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.CharConversionException;
import java.io.IOException;

/**
 * Reads one log line (UTF-8 JSON) into a {@link RawRecord} with Jackson's streaming API: no tree, no schema inference,
 * one pass over the bytes. Both the request-log contract and LiteLLM spend-log rows are recognised in the same pass;
 * unknown fields are skipped. Returns {@code null} when the line parsed, or the quarantine reason code.
 */
final class RequestLogParser {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    String parse(byte[] buffer, int offset, int length, RawRecord record) {
        record.reset();
        try (JsonParser parser = FACTORY.createParser(buffer, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return QuarantineReason.INVALID_JSON;
            }
            if (first != JsonToken.START_OBJECT) {
                return QuarantineReason.NOT_AN_OBJECT;
            }
            readTop(parser, record);
            if (parser.nextToken() != null) {
                return QuarantineReason.INVALID_JSON;
            }
            return null;
        } catch (CharConversionException e) {
            return QuarantineReason.INVALID_UTF8;
        } catch (JsonEOFException e) {
            return QuarantineReason.INVALID_JSON;
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            return message != null && message.contains("UTF-8") ? QuarantineReason.INVALID_UTF8 : QuarantineReason.INVALID_JSON;
        } catch (IOException e) {
            return QuarantineReason.INVALID_JSON;
        }
    }

    /** Parses a JSON document held in a string value (LiteLLM stores messages and response as JSON text). */
    private void parseEmbedded(String json, RawRecord record, boolean messages) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (messages) {
                readMessages(parser, record, "messages");
            } else if (token == JsonToken.START_OBJECT) {
                readResponse(parser, record);
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readTop(JsonParser parser, RawRecord record) throws IOException {
        boolean sawRequestId = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "request_id" -> {
                    // The id pass reads the first request_id of a line: a second one would escape the duplicate merge.
                    if (sawRequestId && record.repeatedField == null) {
                        record.repeatedField = "request_id";
                    }
                    sawRequestId = true;
                    record.requestId = string(parser, value, record, "request_id");
                }
                case "timestamp" -> record.timestamp = string(parser, value, record, "timestamp");
                case "account_id" -> record.accountId = string(parser, value, record, "account_id");
                case "api_key_id" -> record.apiKeyId = string(parser, value, record, "api_key_id");
                case "endpoint" -> record.endpoint = string(parser, value, record, "endpoint");
                case "model" -> record.model = string(parser, value, record, "model");
                case "latency_ms" -> record.latencyMs = integer(parser, value, record, "latency_ms");
                case "client" -> readClient(parser, value, record);
                case "billing" -> readBilling(parser, value, record);
                case "account" -> readAccount(parser, value, record);
                case "request" -> readRequest(parser, value, record);
                case "response" -> {
                    if (value == JsonToken.START_OBJECT) {
                        readResponse(parser, record);
                    } else if (value == JsonToken.VALUE_STRING) {
                        embedded(parser.getText(), record, false, "response");
                    } else if (value != JsonToken.VALUE_NULL) {
                        record.typeError("response");
                        parser.skipChildren();
                    }
                }
                // LiteLLM spend-log columns.
                case "startTime" -> record.startTime = string(parser, value, record, "startTime");
                case "endTime" -> record.endTime = string(parser, value, record, "endTime");
                case "team_id" -> record.teamId = string(parser, value, record, "team_id");
                case "user" -> record.liteLlmUser = string(parser, value, record, "user");
                case "api_key" -> record.liteLlmApiKey = string(parser, value, record, "api_key");
                case "requester_ip_address" -> record.clientIp = string(parser, value, record, "requester_ip_address");
                case "prompt_tokens" -> record.promptTokens = integer(parser, value, record, "prompt_tokens");
                case "completion_tokens" -> record.completionTokens = integer(parser, value, record, "completion_tokens");
                case "messages" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        embedded(parser.getText(), record, true, "messages");
                    } else {
                        readMessages(parser, record, "messages");
                    }
                }
                case "status" -> {
                    if (value == JsonToken.VALUE_STRING) {
                        record.statusText = parser.getText();
                    } else if (value == JsonToken.VALUE_NUMBER_INT) {
                        record.status = parser.getLongValue();
                    } else if (value != JsonToken.VALUE_NULL) {
                        record.typeError("status");
                        parser.skipChildren();
                    }
                }
                case "metadata" -> readLiteLlmMetadata(parser, value, record);
                default -> parser.skipChildren();
            }
        }
    }

    private void embedded(String json, RawRecord record, boolean messages, String field) {
        if (json.isBlank() || json.equals("{}") || json.equals("[]")) {
            return;
        }
        try {
            parseEmbedded(json, record, messages);
        } catch (IOException e) {
            record.typeError(field);
        }
    }

    private void readClient(JsonParser parser, JsonToken value, RawRecord record) throws IOException {
        if (!object(parser, value, record, "client")) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "ip" -> record.clientIp = string(parser, token, record, "client.ip");
                case "user_agent" -> record.userAgent = string(parser, token, record, "client.user_agent");
                case "country" -> record.country = string(parser, token, record, "client.country");
                default -> parser.skipChildren();
            }
        }
    }

    private void readBilling(JsonParser parser, JsonToken value, RawRecord record) throws IOException {
        if (!object(parser, value, record, "billing")) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (name.equals("payment_fingerprint")) {
                record.paymentFingerprint = string(parser, token, record, "billing.payment_fingerprint");
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readAccount(JsonParser parser, JsonToken value, RawRecord record) throws IOException {
        if (!object(parser, value, record, "account")) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (name.equals("created_at")) {
                record.accountCreatedAt = string(parser, token, record, "account.created_at");
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readLiteLlmMetadata(JsonParser parser, JsonToken value, RawRecord record) throws IOException {
        if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL) {
            return; // a stringified metadata blob carries nothing the pipeline needs
        }
        if (!object(parser, value, record, "metadata")) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "user_api_key_team_id" -> {
                    String team = string(parser, token, record, "metadata.user_api_key_team_id");
                    if (record.teamId == null) {
                        record.teamId = team;
                    }
                }
                case "user_agent" -> record.userAgent = string(parser, token, record, "metadata.user_agent");
                default -> parser.skipChildren();
            }
        }
    }

    private void readRequest(JsonParser parser, JsonToken value, RawRecord record) throws IOException {
        if (!object(parser, value, record, "request")) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "messages" -> readMessages(parser, record, "request.messages");
                case "prompt" -> {
                    if (token == JsonToken.START_ARRAY) {
                        record.legacyPrompt = joinedStrings(parser, record, "request.prompt");
                    } else {
                        record.legacyPrompt = string(parser, token, record, "request.prompt");
                    }
                }
                case "temperature" -> record.temperature = number(parser, token, record, "request.temperature");
                case "top_p" -> record.topP = number(parser, token, record, "request.top_p");
                case "n" -> record.n = integer(parser, token, record, "request.n");
                case "max_tokens", "max_completion_tokens" -> {
                    Long max = integer(parser, token, record, "request." + name);
                    if (max != null) {
                        record.maxTokens = max;
                    }
                }
                case "logprobs" -> record.logprobs = bool(parser, token, record, "request.logprobs");
                case "top_logprobs" -> record.topLogprobs = integer(parser, token, record, "request.top_logprobs");
                case "stream" -> record.stream = bool(parser, token, record, "request.stream");
                case "seed" -> record.seed = integer(parser, token, record, "request.seed");
                case "reasoning_effort" -> record.reasoningEffort = string(parser, token, record, "request.reasoning_effort");
                case "user" -> record.endUser = string(parser, token, record, "request.user");
                case "response_format" -> readResponseFormat(parser, token, record);
                case "tools" -> readTools(parser, token, record);
                default -> parser.skipChildren();
            }
        }
    }

    private void readResponseFormat(JsonParser parser, JsonToken token, RawRecord record) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            record.responseFormat = parser.getText();
            return;
        }
        if (!object(parser, token, record, "request.response_format")) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("type")) {
                record.responseFormat = string(parser, value, record, "request.response_format.type");
            } else {
                parser.skipChildren();
            }
        }
    }

    private void readTools(JsonParser parser, JsonToken token, RawRecord record) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            record.typeError("request.tools");
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            record.toolCount++;
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                continue;
            }
            String toolName = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("name") && value == JsonToken.VALUE_STRING) {
                    toolName = parser.getText();
                } else if (name.equals("function") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = parser.currentName();
                        JsonToken innerValue = parser.nextToken();
                        if (inner.equals("name") && innerValue == JsonToken.VALUE_STRING) {
                            toolName = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (toolName != null) {
                record.toolNames.add(toolName);
            }
        }
    }

    private void readMessages(JsonParser parser, RawRecord record, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token == JsonToken.START_OBJECT) {
            // LiteLLM writes "{}" when prompts are not stored.
            parser.skipChildren();
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            record.typeError(field);
            parser.skipChildren();
            return;
        }
        record.hasMessages = true;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                record.typeError(field);
                parser.skipChildren();
                continue;
            }
            String role = null;
            String content = "";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("role")) {
                    role = string(parser, value, record, field + ".role");
                } else if (name.equals("content")) {
                    if (value == JsonToken.START_ARRAY) {
                        content = textParts(parser, record, field + ".content");
                    } else if (value == JsonToken.VALUE_NULL) {
                        content = "";
                    } else {
                        String text = string(parser, value, record, field + ".content");
                        content = text == null ? "" : text;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            record.messageRoles.add(role == null ? "user" : role);
            record.messageContents.add(content);
        }
    }

    /** Content given as an array of parts: the text parts joined with newlines; images and audio are skipped. */
    private String textParts(JsonParser parser, RawRecord record, String field) throws IOException {
        StringBuilder text = new StringBuilder();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                append(text, parser.getText());
                continue;
            }
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                record.typeError(field);
                parser.skipChildren();
                continue;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("text") && value == JsonToken.VALUE_STRING) {
                    append(text, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return text.toString();
    }

    private static void append(StringBuilder text, String part) {
        if (!text.isEmpty()) {
            text.append('\n');
        }
        text.append(part);
    }

    private String joinedStrings(JsonParser parser, RawRecord record, String field) throws IOException {
        StringBuilder text = new StringBuilder();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                append(text, parser.getText());
            } else {
                record.typeError(field);
                parser.skipChildren();
            }
        }
        return text.toString();
    }

    private void readResponse(JsonParser parser, RawRecord record) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "status" -> record.status = integer(parser, value, record, "response.status");
                case "choices" -> readChoices(parser, value, record);
                case "usage" -> readUsage(parser, value, record);
                default -> parser.skipChildren();
            }
        }
    }

    private void readChoices(JsonParser parser, JsonToken token, RawRecord record) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_ARRAY) {
            record.typeError("response.choices");
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            record.choiceCount++;
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                record.typeError("response.choices");
                parser.skipChildren();
                continue;
            }
            boolean firstChoice = record.choiceCount == 1;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "finish_reason" -> {
                        String reason = string(parser, value, record, "response.choices.finish_reason");
                        if (firstChoice) {
                            record.finishReason = reason;
                        }
                    }
                    case "text" -> {
                        String text = string(parser, value, record, "response.choices.text");
                        if (firstChoice && text != null) {
                            record.responseText = text;
                        }
                    }
                    case "message" -> {
                        if (!object(parser, value, record, "response.choices.message")) {
                            continue;
                        }
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = parser.currentName();
                            JsonToken innerValue = parser.nextToken();
                            if (inner.equals("content")) {
                                String text = innerValue == JsonToken.START_ARRAY
                                        ? textParts(parser, record, "response.choices.message.content")
                                        : string(parser, innerValue, record, "response.choices.message.content");
                                if (firstChoice && text != null) {
                                    record.responseText = text;
                                }
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
    }

    private void readUsage(JsonParser parser, JsonToken token, RawRecord record) throws IOException {
        if (!object(parser, token, record, "response.usage")) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "prompt_tokens" -> record.promptTokens = integer(parser, value, record, "response.usage.prompt_tokens");
                case "completion_tokens" -> record.completionTokens = integer(parser, value, record, "response.usage.completion_tokens");
                case "reasoning_tokens" -> {
                    Long reasoning = integer(parser, value, record, "response.usage.reasoning_tokens");
                    if (reasoning != null) {
                        record.reasoningTokens = reasoning;
                    }
                }
                case "completion_tokens_details" -> {
                    if (!object(parser, value, record, "response.usage.completion_tokens_details")) {
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = parser.currentName();
                        JsonToken innerValue = parser.nextToken();
                        if (inner.equals("reasoning_tokens")) {
                            Long reasoning = integer(parser, innerValue, record,
                                    "response.usage.completion_tokens_details.reasoning_tokens");
                            if (reasoning != null && record.reasoningTokens == null) {
                                record.reasoningTokens = reasoning;
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    // Typed readers: a null JSON value reads as absent; any other wrong type marks the field and skips it.

    private static boolean object(JsonParser parser, JsonToken token, RawRecord record, String field) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token != JsonToken.VALUE_NULL) {
            record.typeError(field);
            parser.skipChildren();
        }
        return false;
    }

    private static String string(JsonParser parser, JsonToken token, RawRecord record, String field) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        if (token != JsonToken.VALUE_NULL) {
            record.typeError(field);
            parser.skipChildren();
        }
        return null;
    }

    private static Long integer(JsonParser parser, JsonToken token, RawRecord record, String field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                record.typeError(field);
                return null;
            }
            return parser.getLongValue();
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = parser.getDoubleValue();
            if (value == Math.rint(value) && Math.abs(value) < 9.0e15) {
                return (long) value;
            }
        }
        if (token != JsonToken.VALUE_NULL) {
            record.typeError(field);
            parser.skipChildren();
        }
        return null;
    }

    private static Double number(JsonParser parser, JsonToken token, RawRecord record, String field) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        if (token != JsonToken.VALUE_NULL) {
            record.typeError(field);
            parser.skipChildren();
        }
        return null;
    }

    private static Boolean bool(JsonParser parser, JsonToken token, RawRecord record, String field) throws IOException {
        if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
        }
        if (token != JsonToken.VALUE_NULL) {
            record.typeError(field);
            parser.skipChildren();
        }
        return null;
    }
}
