package org.distillguard.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.ReviewConfig;
import org.distillguard.nightly.Warehouse;
import org.distillguard.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review of a warehouse whose events came through ingest carrying hostile prompts, user agents and ids. */
class ReviewJobTest {

    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>");

    @TempDir
    static Path folder;

    private static Warehouse warehouse;
    private static ReviewJob.ReviewResult result;
    private static String html;

    @BeforeAll
    static void buildOnce() throws Exception {
        SparkSession spark = SparkTestSession.get();
        warehouse = ReviewFixture.warehouse(ReviewFixture.build(spark, folder));
        result = ReviewJob.runLatest(spark, warehouse, ReviewConfig.defaults());
        html = Files.readString(Path.of(result.folder(), ReviewTables.REPORT_HTML), StandardCharsets.UTF_8);
    }

    @Test
    void givenTwoNights_whenBuilt_thenTheLatestGetsQueueAndReportWithDaysInARow() throws Exception {
        assertThat(result.date()).isEqualTo(ReviewFixture.DAY_TWO);
        assertThat(result.queued()).isEqualTo(5);
        assertThat(result.modelId()).isEqualTo("gb-20261122");
        JsonNode queue = new ObjectMapper().readTree(Path.of(result.folder(), ReviewTables.QUEUE_JSON).toFile());
        List<String> order = new ArrayList<>();
        queue.get("entries").forEach(entry -> order.add(entry.get("account_id").asText()));
        assertThat(order).containsExactly(ReviewFixture.HOSTILE_ACCOUNT, ReviewFixture.HYDRA_ONE, ReviewFixture.HYDRA_TWO,
                ReviewFixture.HYDRA_THREE, ReviewFixture.LONE);
        assertThat(queue.get("entries").get(0).get("days_flagged").asInt()).isEqualTo(2);
        assertThat(queue.get("entries").get(3).get("days_flagged").asInt()).isEqualTo(1);
        assertThat(queue.get("entries").get(1).get("cluster_size").asInt()).isEqualTo(3);
        String csv = Files.readString(Path.of(result.folder(), ReviewTables.QUEUE_CSV));
        assertThat(csv).contains("\"'=cmd|calc;OUTPUT_HARVEST\"").startsWith("rank,account_id,");
    }

    @Test
    void givenTheReport_whenRead_thenItShowsSummaryChangesModelAndEvidence() {
        assertThat(html).contains("newly flagged", "Since 2026-11-23", "bad_json", "gb-20261122", "precision_at_review",
                "0.910", "Requests by hour (UTC)", "Token lengths", "Features against all accounts", "requests",
                "Synchronized timeline", "Shared templates", "Shared infrastructure (pseudonymized)", "client_network ");
        assertThat(html).contains("id=\"account-1\"", "id=\"cluster-1\"", "<svg ");
    }

    @Test
    void givenHostileTextThroughIngest_whenReported_thenNoneOfItIsLive() {
        // The hostile text did reach the report, escaped.
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;",
                "&quot;&gt;&lt;svg onload=alert(1)&gt;", "javascript:alert(1)");

        List<String> scripts = new ArrayList<>();
        Matcher tags = TAG.matcher(withoutScriptBodies(html));
        while (tags.find()) {
            String name = tags.group(1).toLowerCase(Locale.ROOT);
            String attributes = tags.group(2);
            assertThat(attributes).as("attributes of <%s>", name).doesNotContainPattern("(?i)\\bon[a-z]+\\s*=");
            assertThat(attributes).as("attributes of <%s>", name).doesNotContainIgnoringCase("javascript:");
            assertThat(name).isNotIn("img", "iframe", "object", "embed", "link", "base", "form", "style-src");
            if (name.equals("script")) {
                scripts.add(attributes);
            }
            if (name.equals("svg")) {
                assertThat(attributes).startsWith(" xmlns=\"http://www.w3.org/2000/svg\" width=");
            }
            if (name.equals("a")) {
                assertThat(attributes).matches(" href=\"#(account|cluster)-[0-9]+\"");
            }
        }
        assertThat(scripts).containsExactly(" type=\"application/json\" id=\"queue-data\"", "");
        assertThat(html.toLowerCase(Locale.ROOT).split("<script", -1)).hasSize(3);
        assertThat(html).containsOnlyOnce("<style>").containsOnlyOnce("</style>");

        // Inside the JSON block nothing can close the element or open a comment.
        String json = html.substring(html.indexOf("id=\"queue-data\">") + 16, html.indexOf("</script>"));
        assertThat(json).doesNotContain("<", ">", "&", "\u2028", "\u2029").contains("\\u003cimg src=x onerror=alert(1)\\u003e");
    }

    @Test
    void givenTheReport_whenRead_thenItIsSelfContainedUnderAHashedPolicy() {
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; "
                + "style-src &#39;sha256-");
        assertThat(html).contains(ReportHtml.hash(ReportHtml.SCRIPT), ReportHtml.hash(ReportHtml.STYLE));
        assertThat(html).contains("<script>" + ReportHtml.SCRIPT + "</script>", "<style>" + ReportHtml.STYLE + "</style>");
        assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//").doesNotContain("@import", "url(");
        assertThat(html).contains(ReportHtml.TOKEN_META);
    }

    @Test
    void givenAnUnpublishedDate_whenBuilt_thenRefusedWithTheFix() {
        assertThatThrownBy(() -> ReviewJob.run(SparkTestSession.get(), warehouse, LocalDate.parse("2030-01-01"),
                ReviewConfig.defaults()))
                .hasMessageStartingWith("Cannot build the review for 2030-01-01: the date is not published")
                .hasMessageContaining("run distillguard nightly");
    }

    /** The page with the text inside script elements removed, so only markup is scanned for tags. */
    private static String withoutScriptBodies(String page) {
        return page.replaceAll("(?s)(<script[^>]*>).*?(</script>)", "$1$2");
    }
}
