package org.distillguard.ingest;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one raw log record with ingest's parser and returns its texts by where they sit (system, user, tool,
 * assistant history, response) with the record's request id, account and time, without validating it. For jobs that
 * scan raw text (the audit). One instance per task; not thread-safe. The texts are raw: never log or write them.
 */
public final class RecordTexts {

    /** A text and where it sits. */
    public record Text(TextRole role, String text) {
        public Text {
            requireNonNull(role, "role is null");
            requireNonNull(text, "text is null");
        }

        @Override
        public String toString() {
            return "Text[" + role.label() + ", " + text.length() + " chars]";
        }
    }

    /**
     * A record that parsed.
     *
     * @param requestId as logged, or null
     * @param account the account as ingest takes it ({@code account_id}; for LiteLLM rows the team, else the user,
     *     else the key), or null
     * @param timestamp the record's time, or null when it has none or it does not parse
     * @param texts every text, in the record's order, the response last
     */
    public record Parsed(String requestId, String account, Instant timestamp, List<Text> texts) {
        public Parsed {
            texts = List.copyOf(requireNonNull(texts, "texts is null"));
        }

        @Override
        public String toString() {
            return "Parsed[" + texts.size() + " texts]";
        }
    }

    private final RequestLogParser parser = new RequestLogParser();
    private final RawRecord record = new RawRecord();

    /**
     * The record's texts, or null when it is not a JSON object in UTF-8, or a field had the wrong type (the parser
     * then skipped it, so the caller should scan the raw text instead).
     */
    public Parsed parse(byte[] bytes, int offset, int length) {
        String reason = parser.parse(bytes, offset, length, record);
        if (reason != null || record.badTypeField != null) {
            return null;
        }
        List<Text> texts = new ArrayList<>(record.messageContents.size() + 2);
        for (int i = 0; i < record.messageContents.size(); i++) {
            String content = record.messageContents.get(i);
            if (!content.isEmpty()) {
                texts.add(new Text(TextRole.ofMessageRole(record.messageRoles.get(i)), content));
            }
        }
        if (record.legacyPrompt != null && !record.legacyPrompt.isEmpty()) {
            texts.add(new Text(TextRole.USER, record.legacyPrompt));
        }
        if (record.responseText != null && !record.responseText.isEmpty()) {
            texts.add(new Text(TextRole.RESPONSE, record.responseText));
        }
        String account = record.isLiteLlm() ? firstNonBlank(record.teamId, record.liteLlmUser, record.liteLlmApiKey)
                : blankToNull(record.accountId);
        return new Parsed(blankToNull(record.requestId), account, EventBuilder.instant(record), texts);
    }

    /**
     * The whole record as text for scanning when it does not parse: UTF-8 decoded (malformed bytes replaced) and JSON
     * string escapes decoded, so a secret inside a JSON string (a PEM key's {@code \n}) reads as it was pasted.
     */
    public static String rawText(byte[] bytes, int offset, int length) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
            return ExcerptSanitizer.unescapeJson(text);
        } catch (CharacterCodingException e) {
            return "";
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
