package org.distillguard.publish;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Writes CSV cells that are safe to open in a spreadsheet. A cell whose text starts with {@code = + - @}, a tab or a
 * carriage return would be read as a formula (formula injection: {@code =HYPERLINK(…)}, {@code @SUM(…)}), so it gets
 * a leading apostrophe; then every cell is quoted per RFC 4180 (double quotes doubled) when it holds a comma, a
 * quote, a line break or a leading apostrophe, or starts or ends with a space.
 */
public final class CsvCells {
    /** Leading characters a spreadsheet reads as the start of a formula. */
    private static final Pattern FORMULA_START = Pattern.compile("^[=+\\-@\t\r]");
    /** Line ending between records, as RFC 4180 specifies. */
    public static final String RECORD_SEPARATOR = "\r\n";

    private CsvCells() {}

    /** {@code value} with a leading apostrophe when a spreadsheet would read it as a formula; null becomes empty. */
    public static String neutralize(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return FORMULA_START.matcher(value).find() ? "'" + value : value;
    }

    /** One cell: neutralized, then quoted when needed. */
    public static String cell(String value) {
        String safe = neutralize(value);
        boolean quote = safe.startsWith("'") || safe.startsWith(" ") || safe.endsWith(" ");
        for (int i = 0; i < safe.length() && !quote; i++) {
            char c = safe.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    /** One record: every cell through {@link #cell}, joined by commas, ended by CRLF. */
    public static String row(List<String> values) {
        return values.stream().map(CsvCells::cell).collect(Collectors.joining(",")) + RECORD_SEPARATOR;
    }
}
