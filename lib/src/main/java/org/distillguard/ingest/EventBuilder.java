package org.distillguard.ingest;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.distillguard.config.IngestConfig;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.RedactionCounts;
import org.distillguard.redact.Redactor;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Validates a parsed {@link RawRecord} against the input contract and turns it into a canonical event row: text
 * redacted, identifiers pseudonymized, LiteLLM vocabulary mapped. One instance per task; not thread-safe.
 */
final class EventBuilder {

    static final String FORMAT_CONTRACT = "request-log";
    static final String FORMAT_LITELLM = "litellm";

    private static final DateTimeFormatter NAIVE_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private final IngestConfig config;
    private final Redactor redactor;
    private final Pseudonymizer pseudonymizer;
    private final RedactionCounts counts = new RedactionCounts();

    /** Reason of the last {@link #build} that returned null. */
    private String rejection;

    EventBuilder(IngestConfig config, Redactor redactor, Pseudonymizer pseudonymizer) {
        this.config = requireNonNull(config, "config is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
    }

    String rejection() {
        return rejection;
    }

    /** The UTC instant of the record, or null when it has none or it does not parse. */
    static Instant instant(RawRecord record) {
        String text = record.timestamp != null ? record.timestamp : record.startTime;
        return parseInstant(text, !record.isLiteLlm());
    }

    static Instant parseInstant(String text, boolean requireOffset) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        Instant fast = Rfc3339.parseStrict(trimmed);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(trimmed, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withOffset) {
            if (requireOffset) {
                return null;
            }
            try {
                // LiteLLM exports naive timestamps in UTC.
                return LocalDateTime.parse(trimmed, NAIVE_TIMESTAMP).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException naive) {
                return null;
            }
        }
    }

    /**
     * Builds the event row, or returns null and sets {@link #rejection()} when the record breaks the contract.
     *
     * @param instant the record's parsed timestamp (from {@link #instant}), or null if it did not parse
     */
    Row build(RawRecord record, Instant instant, String date, String sourceFile, long sourceLine) {
        rejection = null;
        boolean liteLlm = record.isLiteLlm();
        if (record.badTypeField != null) {
            return reject(QuarantineReason.badType(record.badTypeField));
        }
        if (isBlank(record.requestId)) {
            return reject(QuarantineReason.missingField("request_id"));
        }
        if (record.timestamp == null && record.startTime == null) {
            return reject(QuarantineReason.missingField("timestamp"));
        }
        if (instant == null) {
            return reject(QuarantineReason.BAD_TIMESTAMP);
        }
        String account = liteLlm ? firstNonBlank(record.teamId, record.liteLlmUser, record.liteLlmApiKey) : record.accountId;
        if (isBlank(account)) {
            return reject(QuarantineReason.missingField("account_id"));
        }
        Integer status = status(record, liteLlm);
        if (rejection != null) {
            return null;
        }
        if (!liteLlm && !record.hasMessages && record.legacyPrompt == null) {
            return reject(QuarantineReason.missingField("request.messages"));
        }
        if (record.n != null && (record.n < 1 || record.n > 128)) {
            return reject(QuarantineReason.badValue("request.n"));
        }
        if (record.topLogprobs != null && (record.topLogprobs < 0 || record.topLogprobs > 20)) {
            return reject(QuarantineReason.badValue("request.top_logprobs"));
        }
        if (record.maxTokens != null && (record.maxTokens < 0 || record.maxTokens > Integer.MAX_VALUE)) {
            return reject(QuarantineReason.badValue("request.max_tokens"));
        }
        if (negative(record.promptTokens) || negative(record.completionTokens) || negative(record.reasoningTokens)) {
            return reject(QuarantineReason.badValue("response.usage"));
        }
        Timestamp createdAt = null;
        if (record.accountCreatedAt != null) {
            Instant created = parseInstant(record.accountCreatedAt, false);
            if (created == null) {
                return reject(QuarantineReason.badValue("account.created_at"));
            }
            createdAt = Timestamp.from(created);
        }

        counts.reset();
        boolean[] truncated = {false};
        int messageCount = record.messageContents.size();
        List<Row> messages = new ArrayList<>(messageCount);
        StringBuilder system = null;
        String prompt = null;
        int userTurns = 0;
        int assistantTurns = 0;
        int toolMessages = 0;
        int finalUser = -1;
        for (int i = 0; i < messageCount; i++) {
            String role = record.messageRoles.get(i);
            String content = clean(record.messageContents.get(i), truncated);
            messages.add(RowFactory.create(role, content));
            switch (role) {
                case "system", "developer" -> {
                    if (system == null) {
                        system = new StringBuilder(content);
                    } else {
                        system.append('\n').append(content);
                    }
                }
                case "user" -> {
                    userTurns++;
                    prompt = content;
                    finalUser = i;
                }
                case "assistant" -> assistantTurns++;
                case "tool", "function" -> toolMessages++;
                default -> { }
            }
        }
        if (record.legacyPrompt != null) {
            prompt = clean(record.legacyPrompt, truncated);
            if (messageCount == 0) {
                userTurns = 1;
            }
        } else if (finalUser >= 0) {
            // The final user message is the prompt column; stored once.
            messages.set(finalUser, RowFactory.create("user", null));
        }
        String response = record.responseText == null ? null : clean(record.responseText, truncated);

        Long latency = record.latencyMs;
        if (latency == null && liteLlm && record.endTime != null) {
            Instant end = parseInstant(record.endTime, false);
            if (end != null) {
                latency = Math.max(0, end.toEpochMilli() - instant.toEpochMilli());
            }
        }
        String accountId = config.pseudonymizeAccountId() ? pseudonymizer.pseudonym("acct", account) : account;
        String apiKey = liteLlm ? record.liteLlmApiKey : record.apiKeyId;
        String endUser = liteLlm && record.teamId != null ? record.liteLlmUser : record.endUser;
        String ip = blankToNull(record.clientIp);
        String network = ip == null ? null : pseudonymizer.ipPrefix(ip);

        Object[] values = {
            record.requestId,
            Timestamp.from(instant),
            accountId,
            pseudonymizer.pseudonym("key", blankToNull(apiKey)),
            record.endpoint,
            record.model,
            pseudonymizer.pseudonym("ip", ip),
            pseudonymizer.pseudonym("net", network),
            record.userAgent,
            record.country,
            pseudonymizer.pseudonym("pay", blankToNull(record.paymentFingerprint)),
            createdAt,
            pseudonymizer.pseudonym("user", blankToNull(endUser)),
            system == null ? null : system.toString(),
            prompt == null ? "" : prompt,
            CollectionConverters.asScala(messages).toSeq(),
            messageCount,
            userTurns,
            assistantTurns,
            toolMessages,
            record.temperature,
            record.topP,
            record.n == null ? null : record.n.intValue(),
            record.maxTokens == null ? null : record.maxTokens.intValue(),
            record.logprobs,
            record.topLogprobs == null ? null : record.topLogprobs.intValue(),
            record.stream,
            record.seed,
            record.responseFormat,
            record.toolCount,
            CollectionConverters.asScala(new ArrayList<>(record.toolNames)).toSeq(),
            record.reasoningEffort,
            status,
            response,
            record.finishReason,
            record.choiceCount,
            record.promptTokens,
            record.completionTokens,
            record.reasoningTokens,
            latency,
            scalaMap(counts),
            truncated[0],
            liteLlm ? FORMAT_LITELLM : FORMAT_CONTRACT,
            sourceFile,
            sourceLine,
            date,
        };
        return RowFactory.create(values);
    }

    private Integer status(RawRecord record, boolean liteLlm) {
        if (record.status != null) {
            if (record.status < 100 || record.status > 599) {
                reject(QuarantineReason.badValue(liteLlm ? "status" : "response.status"));
                return null;
            }
            return record.status.intValue();
        }
        if (liteLlm && record.statusText != null) {
            return switch (record.statusText.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "success" -> 200;
                case "failure" -> 500;
                default -> {
                    reject(QuarantineReason.badValue("status"));
                    yield null;
                }
            };
        }
        if (record.statusText != null) {
            reject(QuarantineReason.badType("response.status"));
            return null;
        }
        reject(QuarantineReason.missingField(liteLlm ? "status" : "response.status"));
        return null;
    }

    private String clean(String text, boolean[] truncated) {
        String redacted = redactor.redact(text, counts);
        if (redacted.length() > config.maxTextChars()) {
            truncated[0] = true;
            return redacted.substring(0, config.maxTextChars());
        }
        return redacted;
    }

    private Row reject(String reason) {
        rejection = reason;
        return null;
    }

    private static scala.collection.Map<String, Integer> scalaMap(RedactionCounts counts) {
        if (counts.isEmpty()) {
            return CollectionConverters.asScala(Map.<String, Integer>of());
        }
        Map<String, Integer> copy = new java.util.TreeMap<>();
        counts.asMap().forEach((kind, count) -> copy.put(kind, (int) Math.min(Integer.MAX_VALUE, count)));
        return CollectionConverters.asScala(copy);
    }

    private static boolean negative(Long value) {
        return value != null && value < 0;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (!isBlank(value)) {
                return value;
            }
        }
        return null;
    }
}
