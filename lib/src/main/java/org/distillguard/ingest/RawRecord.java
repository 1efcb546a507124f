package org.distillguard.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one log line as read, before validation. Mutable and reused across lines on the hot path: the parser
 * calls {@link #reset()} and fills it; nothing outside the ingest package sees it.
 */
final class RawRecord {
    String requestId;
    String timestamp;
    String accountId;
    String apiKeyId;
    String endpoint;
    String model;
    String clientIp;
    String userAgent;
    String country;
    String paymentFingerprint;
    String accountCreatedAt;
    String endUser;
    final List<String> messageRoles = new ArrayList<>();
    final List<String> messageContents = new ArrayList<>();
    boolean hasMessages;
    String legacyPrompt;
    Double temperature;
    Double topP;
    Long n;
    Long maxTokens;
    Boolean logprobs;
    Long topLogprobs;
    Boolean stream;
    Long seed;
    String responseFormat;
    int toolCount;
    final List<String> toolNames = new ArrayList<>();
    String reasoningEffort;
    Long status;
    String statusText;
    String responseText;
    String finishReason;
    int choiceCount;
    Long promptTokens;
    Long completionTokens;
    Long reasoningTokens;
    Long latencyMs;

    // LiteLLM spend-log vocabulary, mapped onto the fields above by the parser once the line is read.
    String startTime;
    String endTime;
    String teamId;
    String liteLlmUser;
    String liteLlmApiKey;

    /** First field whose JSON type was wrong; the record is quarantined as {@code bad_type:<field>}. */
    String badTypeField;
    /** The first field found twice in the record's top level (only {@code request_id} is checked), or null. */
    String repeatedField;

    void reset() {
        requestId = null;
        timestamp = null;
        accountId = null;
        apiKeyId = null;
        endpoint = null;
        model = null;
        clientIp = null;
        userAgent = null;
        country = null;
        paymentFingerprint = null;
        accountCreatedAt = null;
        endUser = null;
        messageRoles.clear();
        messageContents.clear();
        hasMessages = false;
        legacyPrompt = null;
        temperature = null;
        topP = null;
        n = null;
        maxTokens = null;
        logprobs = null;
        topLogprobs = null;
        stream = null;
        seed = null;
        responseFormat = null;
        toolCount = 0;
        toolNames.clear();
        reasoningEffort = null;
        status = null;
        statusText = null;
        responseText = null;
        finishReason = null;
        choiceCount = 0;
        promptTokens = null;
        completionTokens = null;
        reasoningTokens = null;
        latencyMs = null;
        startTime = null;
        endTime = null;
        teamId = null;
        liteLlmUser = null;
        liteLlmApiKey = null;
        badTypeField = null;
        repeatedField = null;
    }

    boolean isLiteLlm() {
        return timestamp == null && startTime != null;
    }

    void typeError(String field) {
        if (badTypeField == null) {
            badTypeField = field;
        }
    }
}
