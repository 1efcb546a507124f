package org.distillguard.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.distillguard.redact.RedactionCounts;
import org.distillguard.redact.Redactor;

/**
 * The short excerpt kept with a quarantined line so an operator can see what was wrong with it. It passes through the
 * secret redactor, and the values of identifier fields and anything shaped like an IP address are masked, since the
 * line never went through pseudonymization.
 */
final class ExcerptSanitizer {

    /** The redactor sees this much of the line, so a secret cut by the excerpt's end was still recognised whole. */
    private static final int REDACTION_WINDOW = 4096;

    private static final Pattern IDENTIFIER_FIELD = Pattern.compile(
            "(\"(?:api_key_id|api_key|ip|requester_ip_address|payment_fingerprint|user|token|key)\"\\s*:\\s*)\"[^\"]{0,512}\"?");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b");
    private static final Pattern IPV6 = Pattern.compile(
            "\\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\\b|(?:[0-9A-Fa-f]{1,4})?(?::[0-9A-Fa-f]{1,4}){0,6}::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?");

    private ExcerptSanitizer() {}

    static String excerpt(byte[] buffer, int offset, int length, int maxChars, Redactor redactor) {
        if (maxChars == 0 || length == 0) {
            return "";
        }
        int window = Math.min(length, REDACTION_WINDOW);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(buffer, offset, window))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return "";
        }
        // Secrets inside JSON strings are escaped (a PEM key's newlines are "\\n"): the redactor sees them decoded.
        String redacted = redactor.redact(unescapeJson(text), new RedactionCounts());
        redacted = IDENTIFIER_FIELD.matcher(redacted).replaceAll("$1\"[MASKED]\"");
        redacted = IPV4.matcher(redacted).replaceAll("[MASKED:ip]");
        redacted = IPV6.matcher(redacted).replaceAll("[MASKED:ip]");
        StringBuilder out = new StringBuilder(Math.min(redacted.length(), maxChars));
        for (int i = 0; i < redacted.length() && out.length() < maxChars; i++) {
            char c = redacted.charAt(i);
            out.append(Character.isISOControl(c) ? '\u00b7' : c);
        }
        return out.toString();
    }

    /** Decodes JSON string escapes wherever they occur; the excerpt is for reading, not for parsing. */
    static String unescapeJson(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 < text.length() && isHex(text, i + 1, i + 5)) {
                        out.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
                        i += 4;
                    } else {
                        out.append("\\u");
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
