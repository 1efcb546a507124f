package org.distillguard.review;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.distillguard.publish.HtmlEscape;

/**
 * Small inline SVG charts for the report. Only numbers and escaped labels go into the markup; no style attributes
 * (the page's content-security-policy allows none), presentation attributes instead.
 */
final class Charts {

    private static final String BAR = "#3b6fb6";
    private static final String SECOND = "#d9822b";

    private Charts() {}

    /** Requests per hour of the day as 24 bars. */
    static String hourly(List<Long> hourly) {
        int barWidth = 12;
        int height = 80;
        long max = Math.max(1, hourly.stream().mapToLong(Long::longValue).max().orElse(1));
        StringBuilder svg = open(24 * barWidth + 30, height + 20, "requests by hour");
        for (int hour = 0; hour < hourly.size(); hour++) {
            long value = hourly.get(hour);
            double bar = (double) value * height / max;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%02d:00 %d requests</title></rect>",
                    hour * barWidth, height - bar, barWidth - 2, bar, BAR, hour, value));
            if (hour % 6 == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%02d</text>", hour * barWidth, height + 14, hour));
            }
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"10\">max %d</text>", 24 * barWidth + 2, max));
        return svg.append("</svg>\n").toString();
    }

    /** Prompt and completion lengths, requests per power-of-two bucket, side by side. */
    static String tokens(List<Long> prompt, List<Long> completion) {
        int buckets = Math.max(prompt.size(), completion.size());
        int groupWidth = 14;
        int height = 80;
        long max = 1;
        for (long value : prompt) {
            max = Math.max(max, value);
        }
        for (long value : completion) {
            max = Math.max(max, value);
        }
        StringBuilder svg = open(buckets * groupWidth + 10, height + 32, "token lengths");
        for (int b = 0; b < buckets; b++) {
            long p = b < prompt.size() ? prompt.get(b) : 0;
            long c = b < completion.size() ? completion.get(b) : 0;
            double ph = (double) p * height / max;
            double ch = (double) c * height / max;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%.1f\" width=\"6\" height=\"%.1f\" fill=\"%s\"><title>prompt ~2^%d tokens: %d</title></rect>"
                            + "<rect x=\"%d\" y=\"%.1f\" width=\"6\" height=\"%.1f\" fill=\"%s\"><title>completion ~2^%d tokens: %d</title></rect>",
                    b * groupWidth, height - ph, ph, BAR, b, p, b * groupWidth + 6, height - ch, ch, SECOND, b, c));
            if (b % 4 == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d</text>", b * groupWidth, height + 12,
                        (1L << b)));
            }
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"%d\" width=\"8\" height=\"8\" fill=\"%s\"></rect>"
                + "<text x=\"11\" y=\"%d\">prompt</text><rect x=\"60\" y=\"%d\" width=\"8\" height=\"8\" fill=\"%s\"></rect>"
                + "<text x=\"71\" y=\"%d\">completion</text>", height + 20, BAR, height + 28, height + 20, SECOND, height + 28));
        return svg.append("</svg>\n").toString();
    }

    /** One bar per feature: where the account falls among all accounts of the night. */
    static String percentiles(List<FeaturePercentile> features) {
        int rowHeight = 16;
        int labelWidth = 170;
        int barWidth = 200;
        StringBuilder svg = open(labelWidth + barWidth + 90, features.size() * rowHeight + 4, "feature percentiles");
        for (int i = 0; i < features.size(); i++) {
            FeaturePercentile feature = features.get(i);
            int y = i * rowHeight;
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 11, HtmlEscape.text(shorten(feature.feature(), 28))))
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"10\" fill=\"#e3e7ee\"></rect>",
                            labelWidth, y + 2, barWidth))
                    .append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"10\" fill=\"%s\"></rect>",
                            labelWidth, y + 2, feature.percentile() * barWidth / 100, feature.percentile() >= 95 ? "#b3261e" : BAR))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">p%.0f · %s</text>", labelWidth + barWidth + 4,
                            y + 11, feature.percentile(), ReportHtml.number(feature.value())));
        }
        return svg.append("</svg>\n").toString();
    }

    /** A heat map: one row per member, one cell per hour; members acting on one schedule line up. */
    static String timeline(List<String> members, Map<String, List<Long>> hourly) {
        int cell = 14;
        int labelWidth = 150;
        List<String> shown = members.stream().filter(hourly::containsKey).limit(40).toList();
        long max = 1;
        for (String member : shown) {
            for (long value : hourly.get(member)) {
                max = Math.max(max, value);
            }
        }
        StringBuilder svg = open(labelWidth + 24 * cell + 4, shown.size() * cell + 18, "synchronized timeline");
        for (int row = 0; row < shown.size(); row++) {
            String member = shown.get(row);
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", row * cell + 11,
                    HtmlEscape.text(shorten(member, 24))));
            List<Long> values = hourly.get(member);
            for (int hour = 0; hour < values.size(); hour++) {
                long value = values.get(hour);
                double opacity = value == 0 ? 0.04 : 0.15 + 0.85 * value / max;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.2f\"><title>%02d:00 %d</title></rect>",
                        labelWidth + hour * cell, row * cell, cell - 1, cell - 1, BAR, opacity, hour, value));
            }
        }
        for (int hour = 0; hour < 24; hour += 6) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%02d</text>", labelWidth + hour * cell,
                    shown.size() * cell + 12, hour));
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(int width, int height, String label) {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                width, height, width, height, HtmlEscape.text(label)));
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
