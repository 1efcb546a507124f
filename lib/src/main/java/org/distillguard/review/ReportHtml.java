package org.distillguard.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.distillguard.publish.HtmlEscape;

/**
 * Renders {@code report.html}: one self-contained file (inline CSS, one inline script, inline SVG charts; nothing
 * fetched) that opens offline. A content-security-policy meta tag allows exactly the page's own style and script by
 * their SHA-256 hashes, so even a string that slipped through escaping could not run.
 *
 * <p>Prompts, skeletons, user agents, account and cluster ids and file names are attacker input. Each goes through
 * {@link HtmlEscape#text} in element content and quoted attributes; element ids and anchors are generated
 * ({@code account-3}, {@code cluster-1}), never taken from the data; the queue reaches the script as JSON in a
 * {@code <script type="application/json">} block with {@code < > &} and U+2028/2029 written as {@code \\u} escapes.
 */
public final class ReportHtml {

    /** The verdict server puts the session token here when it serves the page; empty in the file on disk. */
    public static final String TOKEN_META = "<meta name=\"review-token\" content=\"\">";
    /** Id of the JSON block holding the queue. */
    public static final String QUEUE_DATA_ID = "queue-data";

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 48px;color:#1d2430}
            h1{font-size:22px;margin:18px 0 4px}h2{border-bottom:2px solid #d6dbe3;padding-bottom:4px;margin-top:32px}
            h3{margin:20px 0 6px}h4{margin:12px 0 4px;font-size:14px}
            table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e3e7ee;padding:4px 6px;text-align:left;vertical-align:top}
            th{background:#f3f5f8;cursor:pointer;user-select:none}th.sorted-asc::after{content:" \\25B2"}th.sorted-desc::after{content:" \\25BC"}
            .figures{display:flex;flex-wrap:wrap;gap:8px}.figure{background:#f3f5f8;border-radius:6px;padding:8px 12px;min-width:120px}
            .figure b{display:block;font-size:18px}.tier-review{color:#b3261e;font-weight:600}.tier-watch{color:#9a6700}
            section.account,section.cluster{border:1px solid #e3e7ee;border-radius:8px;padding:4px 16px 12px;margin:16px 0}
            .charts{display:flex;flex-wrap:wrap;gap:24px}code,q{background:#f6f8fa;border-radius:3px;padding:0 3px;word-break:break-all}
            ul.snippets li{margin:4px 0}.muted{color:#5b6575}.verdict select,.verdict input{font:inherit}.verdict input{width:12em}
            .status-ok{color:#1a7f37}.status-error{color:#b3261e}#queue-filter{font:inherit;padding:4px;width:24em;margin:6px 0}
            svg text{font:10px system-ui,sans-serif;fill:#444}
            """;

    static final String SCRIPT = """
            (function () {
              'use strict';
              var data = JSON.parse(document.getElementById('queue-data').textContent);
              var meta = document.querySelector('meta[name="review-token"]');
              var token = meta ? meta.getAttribute('content') : '';
              var body = document.getElementById('queue-body');
              var labels = ['distill', 'benign', 'unsure'];
              var rows = data.entries.map(function (entry) {
                var tr = document.createElement('tr');
                tr.setAttribute('data-account', entry.account_id);
                function cell(text) {
                  var td = document.createElement('td');
                  td.textContent = text === null || text === undefined ? '' : String(text);
                  tr.appendChild(td);
                  return td;
                }
                cell(entry.rank);
                var account = cell('');
                var link = document.createElement('a');
                link.textContent = entry.account_id;
                if (typeof entry.section === 'number') { link.href = '#account-' + entry.section; }
                account.appendChild(link);
                cell(entry.risk_score.toFixed(3));
                cell(entry.tier).className = 'tier-' + (entry.tier === 'review' ? 'review' : 'watch');
                cell(entry.reasons_in_words);
                cell(entry.cluster_id || '');
                cell(entry.cluster_id ? entry.cluster_size : '');
                cell(entry.days_flagged);
                var verdict = cell('');
                verdict.className = 'verdict';
                if (token) {
                  var select = document.createElement('select');
                  select.setAttribute('aria-label', 'verdict');
                  labels.forEach(function (label) {
                    var option = document.createElement('option');
                    option.value = label;
                    option.textContent = label;
                    select.appendChild(option);
                  });
                  var note = document.createElement('input');
                  note.type = 'text';
                  note.maxLength = data.max_note_chars;
                  note.placeholder = 'note';
                  note.setAttribute('aria-label', 'note');
                  var save = document.createElement('button');
                  save.type = 'button';
                  save.textContent = 'Save';
                  var status = document.createElement('span');
                  status.className = 'status';
                  save.addEventListener('click', function () {
                    save.disabled = true;
                    status.textContent = 'saving';
                    status.className = 'status';
                    fetch('verdict', {
                      method: 'POST',
                      credentials: 'same-origin',
                      headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-Review-Token': token},
                      body: new URLSearchParams({account: entry.account_id, label: select.value, note: note.value})
                    }).then(function (response) {
                      return response.text().then(function (text) {
                        status.textContent = response.ok ? 'saved: ' + select.value : 'error ' + response.status + ': ' + text;
                        status.className = response.ok ? 'status status-ok' : 'status status-error';
                      });
                    }).catch(function (error) {
                      status.textContent = 'error: ' + error;
                      status.className = 'status status-error';
                    }).then(function () { save.disabled = false; });
                  });
                  verdict.appendChild(select);
                  verdict.appendChild(note);
                  verdict.appendChild(save);
                  verdict.appendChild(status);
                } else {
                  verdict.textContent = 'open with distillguard review to record';
                  verdict.className = 'verdict muted';
                }
                return {entry: entry, tr: tr};
              });
              function render() {
                rows.forEach(function (row) { body.appendChild(row.tr); });
              }
              render();
              var filter = document.getElementById('queue-filter');
              filter.addEventListener('input', function () {
                var needle = filter.value.toLowerCase();
                var shown = 0;
                rows.forEach(function (row) {
                  var e = row.entry;
                  var haystack = [e.account_id, e.tier, e.reasons_in_words, e.cluster_id || '', (e.reasons || []).join(' ')]
                      .join(' ').toLowerCase();
                  row.tr.hidden = needle !== '' && haystack.indexOf(needle) < 0;
                  if (!row.tr.hidden) { shown++; }
                });
                document.getElementById('queue-count').textContent = String(shown);
              });
              var headers = document.querySelectorAll('#queue th[data-key]');
              Array.prototype.forEach.call(headers, function (th) {
                th.addEventListener('click', function () {
                  var key = th.getAttribute('data-key');
                  var descending = !th.classList.contains('sorted-desc');
                  Array.prototype.forEach.call(headers, function (other) { other.classList.remove('sorted-asc', 'sorted-desc'); });
                  th.classList.add(descending ? 'sorted-desc' : 'sorted-asc');
                  rows.sort(function (a, b) {
                    var x = a.entry[key], y = b.entry[key];
                    if (x === null || x === undefined) { x = ''; }
                    if (y === null || y === undefined) { y = ''; }
                    var order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
                    return descending ? -order : order;
                  });
                  render();
                });
              });
            })();
            """;

    private ReportHtml() {}

    /**
     * The content-security-policy the page carries in its meta tag. The server sends it as a header with
     * {@code frame-ancestors 'none'} added (browsers ignore that directive in a meta tag).
     */
    public static String contentSecurityPolicy() {
        return "default-src 'none'; style-src '" + hash(STYLE) + "'; script-src '" + hash(SCRIPT)
                + "'; img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'";
    }

    public static String render(ReviewReport report, int maxNoteChars) {
        Map<String, Integer> sectionOf = new HashMap<>();
        for (int i = 0; i < report.accounts().size(); i++) {
            sectionOf.put(report.accounts().get(i).accountId(), i + 1);
        }
        Map<String, Integer> clusterSectionOf = new HashMap<>();
        for (int i = 0; i < report.clusters().size(); i++) {
            clusterSectionOf.put(report.clusters().get(i).clusterId(), i + 1);
        }
        NightSummary summary = report.summary();
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(HtmlEscape.text(contentSecurityPolicy()))
                .append("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append(TOKEN_META).append('\n')
                .append("<title>DistillGuard review ").append(HtmlEscape.text(summary.date().toString())).append("</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>DistillGuard review — ").append(HtmlEscape.text(summary.date().toString())).append("</h1>\n");
        appendSummary(html, report);
        appendQueue(html, report);
        appendAccounts(html, report, clusterSectionOf);
        appendClusters(html, report, sectionOf);
        html.append("<script type=\"application/json\" id=\"").append(QUEUE_DATA_ID).append("\">")
                .append(queueJson(report, sectionOf, maxNoteChars)).append("</script>\n");
        html.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void appendSummary(StringBuilder html, ReviewReport report) {
        NightSummary s = report.summary();
        html.append("<h2 id=\"summary\">The night</h2>\n<div class=\"figures\">\n");
        figure(html, "records read", s.records());
        figure(html, "events", s.events());
        figure(html, "duplicates merged", s.duplicates());
        figure(html, "quarantined", s.quarantinedTotal());
        figure(html, "accounts scored", s.accountsScored());
        figure(html, "flagged", s.flagged());
        figure(html, "tier review", s.inReview());
        figure(html, "tier watch", s.watched());
        figure(html, "clusters flagged", s.clusters());
        figure(html, "in today's queue", report.queue().entries().size());
        html.append("</div>\n");
        if (s.previousDate().isPresent()) {
            html.append("<p>Since ").append(HtmlEscape.text(s.previousDate().get().toString())).append(": flagged ")
                    .append(s.previousFlagged()).append(" → ").append(s.flagged()).append(" (")
                    .append(signed(s.flagged() - s.previousFlagged())).append("); <b>").append(s.newFlags())
                    .append("</b> newly flagged, <b>").append(s.clearedFlags()).append("</b> no longer flagged.</p>\n");
        } else {
            html.append("<p class=\"muted\">No earlier published night to compare with.</p>\n");
        }
        if (!s.quarantined().isEmpty()) {
            html.append("<h3>Quarantine by reason</h3>\n<table class=\"small\"><thead><tr><th>reason</th><th>records</th></tr></thead><tbody>\n");
            s.quarantined().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(entry -> html.append("<tr><td>").append(HtmlEscape.text(entry.getKey())).append("</td><td>")
                            .append(entry.getValue()).append("</td></tr>\n"));
            html.append("</tbody></table>\n");
        }
        ModelInfo model = report.model();
        html.append("<h3>Model</h3>\n<p>Scores by model <code>").append(HtmlEscape.text(model.modelId())).append("</code>");
        if (model.metrics().isEmpty()) {
            html.append(ModelInfo.NONE.equals(model.modelId()) ? " (rules and anomaly detection only; no trained model yet)."
                    : " (no evaluation figures stored).");
            html.append("</p>\n");
        } else {
            html.append(", last evaluation:</p>\n<div class=\"figures\">\n");
            model.metrics().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> html
                    .append("<div class=\"figure\"><b>").append(number(entry.getValue())).append("</b>")
                    .append(HtmlEscape.text(entry.getKey())).append("</div>\n"));
            html.append("</div>\n");
        }
    }

    private static void appendQueue(StringBuilder html, ReviewReport report) {
        ReviewQueue queue = report.queue();
        html.append("<h2 id=\"queue-title\">Review queue</h2>\n<p>")
                .append(queue.entries().size()).append(" of ").append(queue.flagged())
                .append(" flagged accounts (capacity ").append(queue.capacity()).append("), riskiest first, cluster members together. ")
                .append("Showing <span id=\"queue-count\">").append(queue.entries().size()).append("</span>.</p>\n")
                .append("<input id=\"queue-filter\" type=\"search\" placeholder=\"filter: account, tier, reason, cluster\" aria-label=\"filter the queue\">\n")
                .append("<table id=\"queue\"><thead><tr>")
                .append("<th data-key=\"rank\">#</th><th data-key=\"account_id\">account</th><th data-key=\"risk_score\">risk</th>")
                .append("<th data-key=\"tier\">tier</th><th data-key=\"reasons_in_words\">top reasons</th>")
                .append("<th data-key=\"cluster_id\">cluster</th><th data-key=\"cluster_size\">size</th>")
                .append("<th data-key=\"days_flagged\">days in a row</th><th>verdict</th></tr></thead>\n")
                .append("<tbody id=\"queue-body\"></tbody></table>\n")
                .append("<noscript><p>The queue table needs the page's script; review_queue.csv beside this file holds the same rows.</p></noscript>\n");
    }

    private static void appendAccounts(StringBuilder html, ReviewReport report, Map<String, Integer> clusterSectionOf) {
        if (report.accounts().isEmpty()) {
            return;
        }
        html.append("<h2 id=\"accounts\">Flagged accounts</h2>\n");
        for (int i = 0; i < report.accounts().size(); i++) {
            AccountEvidence account = report.accounts().get(i);
            QueueEntry entry = report.queue().entry(account.accountId()).orElse(null);
            html.append("<section class=\"account\" id=\"account-").append(i + 1).append("\">\n<h3>")
                    .append(i + 1).append(". <code>").append(HtmlEscape.text(account.accountId())).append("</code></h3>\n");
            if (entry != null) {
                html.append("<p>risk <b>").append(number(entry.riskScore())).append("</b> · tier <span class=\"tier-")
                        .append(tierClass(entry.tier())).append("\">").append(HtmlEscape.text(entry.tier())).append("</span>");
                if (entry.clusterId() != null) {
                    Integer section = clusterSectionOf.get(entry.clusterId());
                    html.append(" · cluster ");
                    if (section != null) {
                        html.append("<a href=\"#cluster-").append(section).append("\">");
                    }
                    html.append("<code>").append(HtmlEscape.text(entry.clusterId())).append("</code>");
                    if (section != null) {
                        html.append("</a>");
                    }
                    html.append(" of ").append(entry.clusterSize());
                }
                html.append(" · flagged ").append(entry.daysFlagged()).append(entry.daysFlagged() == 1 ? " day" : " days in a row")
                        .append("</p>\n<h4>Why it was flagged</h4>\n<ul>\n");
                for (String reason : entry.reasons()) {
                    html.append("<li>").append(HtmlEscape.text(ReasonWords.describe(reason))).append(" <span class=\"muted\">(")
                            .append(HtmlEscape.text(reason)).append(")</span></li>\n");
                }
                html.append("</ul>\n");
            }
            if (account.explanation() != null && !account.explanation().isBlank()) {
                html.append("<p class=\"muted\">").append(HtmlEscape.text(account.explanation())).append("</p>\n");
            }
            html.append("<div class=\"charts\">\n<div><h4>Requests by hour (UTC)</h4>\n")
                    .append(Charts.hourly(account.hourly())).append("</div>\n<div><h4>Token lengths</h4>\n")
                    .append(Charts.tokens(account.promptTokens(), account.completionTokens())).append("</div>\n");
            if (!account.features().isEmpty()) {
                html.append("<div><h4>Features against all accounts (percentile)</h4>\n")
                        .append(Charts.percentiles(account.features())).append("</div>\n");
            }
            html.append("</div>\n");
            list(html, "Template skeletons", account.skeletons(), "code", "skeletons");
            list(html, "Prompt snippets (redacted, shortened)", account.snippets(), "q", "snippets");
            list(html, "User agents", account.userAgents(), "code", "clients");
            list(html, "Source files", account.sourceFiles(), "code", "files");
            list(html, "Linked accounts", account.linkedAccounts(), "code", "linked");
            html.append("</section>\n");
        }
    }

    private static void appendClusters(StringBuilder html, ReviewReport report, Map<String, Integer> sectionOf) {
        if (report.clusters().isEmpty()) {
            return;
        }
        html.append("<h2 id=\"clusters\">Clusters</h2>\n");
        for (int i = 0; i < report.clusters().size(); i++) {
            ClusterEvidence cluster = report.clusters().get(i);
            html.append("<section class=\"cluster\" id=\"cluster-").append(i + 1).append("\">\n<h3>Cluster <code>")
                    .append(HtmlEscape.text(cluster.clusterId())).append("</code></h3>\n<p>")
                    .append(cluster.size()).append(" members · cluster score ").append(number(cluster.score())).append("</p>\n");
            if (!cluster.reasons().isEmpty()) {
                html.append("<ul>\n");
                for (String reason : cluster.reasons()) {
                    html.append("<li>").append(HtmlEscape.text(ReasonWords.describe(reason))).append("</li>\n");
                }
                html.append("</ul>\n");
            }
            html.append("<h4>Members</h4>\n<ul>\n");
            for (String member : cluster.members()) {
                Integer section = sectionOf.get(member);
                html.append("<li>");
                if (section != null) {
                    html.append("<a href=\"#account-").append(section).append("\">");
                }
                html.append("<code>").append(HtmlEscape.text(member)).append("</code>");
                if (section != null) {
                    html.append("</a>");
                }
                html.append("</li>\n");
            }
            html.append("</ul>\n");
            list(html, "Shared templates", cluster.sharedSkeletons(), "code", "skeletons");
            list(html, "Shared infrastructure (pseudonymized)", cluster.sharedInfrastructure(), "code", "infrastructure");
            if (!cluster.memberHourly().isEmpty()) {
                html.append("<h4>Synchronized timeline: requests by member and hour (UTC)</h4>\n")
                        .append(Charts.timeline(cluster.members(), cluster.memberHourly()));
            }
            html.append("</section>\n");
        }
    }

    private static String tierClass(String tier) {
        return ReviewTables.TIER_REVIEW.equals(tier) ? "review" : "watch";
    }

    private static void list(StringBuilder html, String title, List<String> items, String tag, String cssClass) {
        if (items.isEmpty()) {
            return;
        }
        html.append("<h4>").append(HtmlEscape.text(title)).append("</h4>\n<ul class=\"").append(cssClass).append("\">\n");
        for (String item : items) {
            html.append("<li><").append(tag).append('>').append(HtmlEscape.text(item)).append("</").append(tag).append("></li>\n");
        }
        html.append("</ul>\n");
    }

    private static void figure(StringBuilder html, String label, long value) {
        html.append("<div class=\"figure\"><b>").append(String.format(Locale.ROOT, "%,d", value)).append("</b>")
                .append(HtmlEscape.text(label)).append("</div>\n");
    }

    private static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** The queue as the page's script reads it, safe inside a script element. */
    static String queueJson(ReviewReport report, Map<String, Integer> sectionOf, int maxNoteChars) {
        ObjectNode root = JSON.createObjectNode();
        root.put("date", report.summary().date().toString());
        root.put("model_id", report.model().modelId());
        root.put("max_note_chars", maxNoteChars);
        ArrayNode rows = root.putArray("entries");
        for (QueueEntry entry : report.queue().entries()) {
            ObjectNode row = ReviewQueue.writeEntry(rows.addObject(), entry);
            Integer section = sectionOf.get(entry.accountId());
            if (section != null) {
                row.put("section", section);
            }
        }
        try {
            return scriptSafeJson(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render the queue data: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * JSON text that cannot end or alter the script element holding it: {@code < > &} and the JavaScript line
     * separators become {@code \\u} escapes (they only occur inside JSON strings, where the escape means the same).
     */
    public static String scriptSafeJson(String json) {
        StringBuilder out = new StringBuilder(json.length() + 32);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot hash the report script: " + e.getMessage(), e);
        }
    }

    /** Shortens a redacted prompt for display: control characters and runs of white space become one space. */
    public static String snippet(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        String flat = text.replaceAll("[\\p{Cntrl}\\s\\u2028\\u2029]+", " ").strip();
        if (flat.length() <= maxChars) {
            return flat;
        }
        int end = maxChars;
        if (Character.isHighSurrogate(flat.charAt(end - 1))) {
            end--;
        }
        return flat.substring(0, end) + "…";
    }

    static List<String> limit(List<String> values, int max) {
        return new ArrayList<>(values.subList(0, Math.min(max, values.size())));
    }
}
