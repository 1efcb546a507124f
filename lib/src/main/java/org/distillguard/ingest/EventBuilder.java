package org.distillguard.ingest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.sketch.BloomFilter;
import org.distillguard.config.IngestConfig;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.RedactionCounts;
import org.distillguard.redact.Redactor;

/**
 * Validates a parsed {@link RawRecord} against the input contract and turns it into a canonical event row: text
 * redacted, identifiers pseudonymized, LiteLLM vocabulary mapped. One instance per task; not thread-safe.
 *
 * <p>The row is Spark's internal form, in the column order of {@link EventSchema#SCHEMA}: strings as
 * {@link UTF8String}, timestamps as microseconds. Handing Spark external
 * {@code Row}s cost a conversion of every field through its row encoder (8% of ingest's samples).
 */
final class EventBuilder {

    static final String FORMAT_CONTRACT = "request-log";
    static final String FORMAT_LITELLM = "litellm";
    private static final UTF8String CONTRACT = UTF8String.fromString(FORMAT_CONTRACT);
    private static final UTF8String LITELLM = UTF8String.fromString(FORMAT_LITELLM);
    private static final MapData EMPTY_COUNTS = new ArrayBasedMapData(new GenericArrayData(new Object[0]),
            new GenericArrayData(new Object[0]));

    private static final DateTimeFormatter NAIVE_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final IngestConfig config;
    private final Redactor redactor;
    private final RedactionCounts counts = new RedactionCounts();
    private final Pseudonymizer pseudonymizer;
    /** Ids that may occur more than once, or null: when set, each row ends with the {@code duplicate} flag. */
    private final BloomFilter repeatedIds;

    private LocalDate lastDate;
    private UTF8String lastDateText;

    /** Reason of the last {@link #build} that returned null. */
    private String rejection;

    EventBuilder(IngestConfig config, Redactor redactor, Pseudonymizer pseudonymizer, BloomFilter repeatedIds) {
        this.config = requireNonNull(config, "config is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
        this.pseudonymizer = requireNonNull(pseudonymizer, "pseudonymizer is null");
        this.repeatedIds = repeatedIds;
    }

    String rejection() {
        return rejection;
    }

    /** The UTC instant of the record, or null when it has none or it does not parse. */
    static Instant instant(RawRecord record) {
        String text = record.timestamp != null ? record.timestamp : record.startTime;
        return parseInstant(text, !record.isLiteLlm());
    }

    /**
     * The instant of an RFC 3339 / ISO 8601 timestamp, or null when it does not parse or its UTC date is outside the
     * years 0000–9999: wider ones parse (ISO allows a signed year of up to nine digits) but are no real log time, do
     * not fit the events' microseconds near the ends, and would name partition folders like {@code date=+300000-01-01}.
     */
    static Instant parseInstant(String text, boolean requireOffset) {
        Instant instant = parseAnyInstant(text, requireOffset);
        return instant == null || instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    }

    private static Instant parseAnyInstant(String text, boolean requireOffset) {
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
    InternalRow build(RawRecord record, Instant instant, LocalDate date, UTF8String sourceFile, long sourceLine) {
        rejection = null;
        boolean liteLlm = record.isLiteLlm();
        if (record.badTypeField != null) {
            return reject(QuarantineReason.badType(record.badTypeField));
        }
        if (record.repeatedField != null) {
            return reject(QuarantineReason.duplicateField(record.repeatedField));
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
        Long createdAt = null;
        if (record.accountCreatedAt != null) {
            Instant created = parseInstant(record.accountCreatedAt, false);
            if (created == null) {
                return reject(QuarantineReason.badValue("account.created_at"));
            }
            createdAt = DateTimeUtils.instantToMicros(created);
        }

        counts.reset();
        boolean[] truncated = {false};
        int messageCount = record.messageContents.size();
        Object[] messages = new Object[messageCount];
        StringBuilder system = null;
        String prompt = null;
        int userTurns = 0;
        int assistantTurns = 0;
        int toolMessages = 0;
        int finalUser = -1;
        for (int i = 0; i < messageCount; i++) {
            String role = record.messageRoles.get(i);
            String content = clean(record.messageContents.get(i), truncated);
            messages[i] = message(role, content);
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
            messages[finalUser] = message("user", null);
        }
        String response = record.responseText == null ? null : clean(record.responseText, truncated);

        Long latency = record.latencyMs;
        if (latency == null && liteLlm && record.endTime != null) {
            Instant end = parseInstant(record.endTime, false);
            if (end != null) {
                latency = Math.max(0, end.toEpochMilli() - instant.toEpochMilli());
            }
        }
        UTF8String accountId = config.pseudonymizeAccountId()
                ? pseudonym(Pseudonymizer.ACCOUNT, account) : UTF8String.fromString(account);
        String apiKey = liteLlm ? record.liteLlmApiKey : record.apiKeyId;
        String endUser = liteLlm && record.teamId != null ? record.liteLlmUser : record.endUser;
        String ip = blankToNull(record.clientIp);
        String network = ip == null ? null : pseudonymizer.ipPrefix(ip);

        Object[] values = {
            UTF8String.fromString(record.requestId),
            DateTimeUtils.instantToMicros(instant),
            accountId,
            pseudonym(Pseudonymizer.API_KEY, blankToNull(apiKey)),
            utf8(record.endpoint),
            utf8(record.model),
            pseudonym(Pseudonymizer.IP_ADDRESS, ip),
            pseudonym(Pseudonymizer.NETWORK, network),
            utf8(record.userAgent),
            utf8(record.country),
            pseudonym(Pseudonymizer.PAYMENT, blankToNull(record.paymentFingerprint)),
            createdAt,
            pseudonym(Pseudonymizer.USER, blankToNull(endUser)),
            system == null ? null : UTF8String.fromString(system.toString()),
            prompt == null ? UTF8String.EMPTY_UTF8 : UTF8String.fromString(prompt),
            new GenericArrayData(messages),
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
            utf8(record.responseFormat),
            record.toolCount,
            toolNames(record),
            utf8(record.reasoningEffort),
            status,
            utf8(response),
            utf8(record.finishReason),
            record.choiceCount,
            record.promptTokens,
            record.completionTokens,
            record.reasoningTokens,
            latency,
            secretCounts(counts),
            truncated[0],
            liteLlm ? LITELLM : CONTRACT,
            sourceFile,
            sourceLine,
            dateText(date),
        };
        if (repeatedIds != null) {
            values = Arrays.copyOf(values, values.length + 1);
            values[values.length - 1] = repeatedIds.mightContainString(record.requestId);
        }
        return new GenericInternalRow(values);
    }

    /** The partition's {@code yyyy-MM-dd}, formatted once per date rather than per event. */
    private UTF8String dateText(LocalDate date) {
        if (!date.equals(lastDate)) {
            lastDate = date;
            lastDateText = UTF8String.fromString(date.toString());
        }
        return lastDateText;
    }

    private UTF8String pseudonym(String namespace, String value) {
        return utf8(pseudonymizer.pseudonym(namespace, value));
    }

    private static InternalRow message(String role, String content) {
        return new GenericInternalRow(new Object[] {utf8(role), utf8(content)});
    }

    private static ArrayData toolNames(RawRecord record) {
        Object[] names = new Object[record.toolNames.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = UTF8String.fromString(record.toolNames.get(i));
        }
        return new GenericArrayData(names);
    }

    private static UTF8String utf8(String value) {
        return value == null ? null : UTF8String.fromString(value);
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

    private InternalRow reject(String reason) {
        rejection = reason;
        return null;
    }

    /** The counts by kind, keys in order (the map's bytes do not depend on how the counts were kept). */
    private static MapData secretCounts(RedactionCounts counts) {
        if (counts.isEmpty()) {
            return EMPTY_COUNTS;
        }
        Map<String, Long> sorted = new TreeMap<>(counts.asMap());
        Object[] kinds = new Object[sorted.size()];
        Object[] values = new Object[sorted.size()];
        int i = 0;
        for (Map.Entry<String, Long> entry : sorted.entrySet()) {
            kinds[i] = UTF8String.fromString(entry.getKey());
            values[i++] = (int) Math.min(Integer.MAX_VALUE, entry.getValue());
        }
        return new ArrayBasedMapData(new GenericArrayData(kinds), new GenericArrayData(values));
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
