package org.distillguard.publish;

/**
 * Escapes text for HTML reports. Report text is attacker input (prompts, account ids, file names): every value goes
 * through {@link #text} before it is written, in element content and in quoted attribute values alike. No value is
 * ever written into a script, a style, an unquoted attribute or a URL.
 */
public final class HtmlEscape {
    private HtmlEscape() {}

    /**
     * {@code value} with {@code & < > " ' `} replaced by character references, and control characters other than tab
     * and newline replaced by U+FFFD, so it can stand in element content or a quoted attribute value. Null becomes the
     * empty string.
     */
    public static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                case '`' -> "&#96;";
                default -> (Character.isISOControl(c) && c != '\t' && c != '\n') || c == '\u2028' || c == '\u2029'
                        ? "\uFFFD" : null;
            };
            if (replacement == null) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(value.length() + 16);
                out.append(value, 0, i);
            }
            out.append(replacement);
        }
        return out == null ? value : out.toString();
    }
}
