package org.distillguard.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verdict server in-process on a free loopback port, spoken to with the JDK's HTTP client. */
class ReviewServerTest {

    private static final LocalDate DATE = LocalDate.parse("2026-11-24");

    @TempDir
    Path warehouse;

    private ReviewServer server;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void publishAReview() throws Exception {
        Path folder = Files.createDirectories(warehouse.resolve("published/date=" + DATE + "/review"));
        Files.writeString(folder.getParent().resolve("_SUCCESS"), "");
        ReviewQueue queue = ReviewQueue.build(List.of(
                new ScoredAccount("acct_a", 0.9, "review", List.of("OUTPUT_HARVEST"), null, null),
                new ScoredAccount("acct_<b>", 0.5, "watch", List.of(), null, null)), Optional.empty(), List.of(), 10);
        ReviewReport report = new ReviewReport(new NightSummary(DATE, 10, 9, 0, 1, Map.of("bad_json", 1L), 3, 2, 1, 1, 0,
                Optional.empty(), 0, 2, 0), new ModelInfo("gb-1", Map.of()), queue, List.of(), List.of());
        Files.writeString(folder.resolve(ReviewTables.REPORT_HTML), ReportHtml.render(report, 50));
        Files.writeString(folder.resolve(ReviewTables.QUEUE_JSON), queue.toJson(DATE, "gb-1"));
        Files.writeString(folder.resolve(ReviewTables.QUEUE_CSV), queue.toCsv());
        server = ReviewServer.start(new ReviewServer.Options(warehouse, "127.0.0.1", false, 0, "ana", 50),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postVerdict(String cookie, String headerToken, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/verdict"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (headerToken != null) {
            request.header(ReviewServer.TOKEN_HEADER, headerToken);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String cookie() {
        return ReviewServer.COOKIE + "=" + server.token();
    }

    private static String form(String account, String label, String note) {
        return "account=" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "&label=" + label + "&note="
                + URLEncoder.encode(note, StandardCharsets.UTF_8);
    }

    @Test
    void givenNoToken_whenRequested_then401AndAWrongToken403() throws Exception {
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/review_queue.csv", null).statusCode()).isEqualTo(401);
        assertThat(get("/", ReviewServer.COOKIE + "=nope").statusCode()).isEqualTo(403);
        assertThat(get("/?token=nope", null).statusCode()).isEqualTo(403);
        assertThat(postVerdict(null, null, form("acct_a", "distill", "")).statusCode()).isEqualTo(401);
    }

    @Test
    void givenTheStartUpUrl_whenOpened_thenAnHttpOnlyStrictCookieAndARedirectWithoutTheToken() throws Exception {
        assertThat(server.url().toString()).startsWith("http://127.0.0.1:" + server.port() + "/?token=");
        assertThat(server.token()).matches("[A-Za-z0-9_-]{43}");

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.url()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).contains("/");
        assertThat(response.headers().firstValue("Set-Cookie")).contains(
                ReviewServer.COOKIE + "=" + server.token() + "; Path=/; HttpOnly; SameSite=Strict");
    }

    @Test
    void givenTheCookie_whenTheReportIsRequested_then200WithTheTokenForTheScriptAndThePolicyHeader() throws Exception {
        HttpResponse<String> page = get("/", cookie());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<meta name=\"review-token\" content=\"" + server.token() + "\">");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValue(ReportHtml.contentSecurityPolicy() + "; frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(get("/review_queue.csv", cookie()).body()).startsWith("rank,account_id");
        assertThat(get("/nothing", cookie()).statusCode()).isEqualTo(404);
    }

    @Test
    void givenAnotherHostHeader_whenRequested_thenRefusedAgainstDnsRebinding() throws Exception {
        assertThat(rawGet("127.0.0.1:" + server.port())).startsWith("HTTP/1.1 200");
        assertThat(rawGet("localhost:" + server.port())).startsWith("HTTP/1.1 200");
        assertThat(rawGet("attacker.example:" + server.port())).startsWith("HTTP/1.1 403");
    }

    /** A GET of the report with the cookie and a Host header of our choosing (the JDK client will not send one). */
    private String rawGet(String host) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookie()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void givenAVerdict_whenPosted_thenExactlyOneLineIsAppendedWithScoreModelAndAnalyst() throws Exception {
        VerdictStore store = new VerdictStore(warehouse);

        HttpResponse<String> response = postVerdict(cookie(), server.token(), form("acct_<b>", "distill", "same templates"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> lines = Files.readAllLines(Path.of(store.location()));
        assertThat(lines).hasSize(1);
        Verdict verdict = store.readAll().get(0);
        assertThat(verdict.accountId()).isEqualTo("acct_<b>");
        assertThat(verdict.label()).isEqualTo(VerdictLabel.DISTILL);
        assertThat(verdict.note()).isEqualTo("same templates");
        assertThat(verdict.analyst()).isEqualTo("ana");
        assertThat(verdict.score()).isEqualTo(0.5);
        assertThat(verdict.modelId()).isEqualTo("gb-1");
        assertThat(verdict.date()).isEqualTo(DATE.toString());

        assertThat(postVerdict(cookie(), server.token(), form("acct_a", "benign", "")).statusCode()).isEqualTo(200);
        assertThat(Files.readAllLines(Path.of(store.location()))).hasSize(2).startsWith(lines.get(0));
    }

    @Test
    void givenAWarehouseReachableOnlyThroughHadoop_whenServed_thenTheReportIsShownAndVerdictsAreFilesOfTheirOwn()
            throws Exception {
        server.close();
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        try (org.distillguard.testing.HadoopMount mount = org.distillguard.testing.HadoopMount.of(hadoop, warehouse)) {
            server = ReviewServer.start(new ReviewServer.Options(mount.root(), hadoop, "127.0.0.1", false, 0, "ana", 50),
                    new PrintStream(new ByteArrayOutputStream()));

            HttpResponse<String> page = get("/", cookie());
            HttpResponse<String> queue = get("/" + ReviewTables.QUEUE_CSV, cookie());
            HttpResponse<String> first = postVerdict(cookie(), server.token(), form("acct_<b>", "distill", "same templates"));
            HttpResponse<String> second = postVerdict(cookie(), server.token(), form("acct_a", "benign", ""));

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo(Files.readString(warehouse.resolve("published/date=" + DATE + "/review/"
                    + ReviewTables.REPORT_HTML)).replace(ReportHtml.TOKEN_META,
                            "<meta name=\"review-token\" content=\"" + server.token() + "\">"));
            assertThat(queue.body()).isEqualTo(Files.readString(warehouse.resolve("published/date=" + DATE + "/review/"
                    + ReviewTables.QUEUE_CSV)));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            assertThat(warehouse.resolve("labels/verdicts.jsonl")).doesNotExist();
            try (java.util.stream.Stream<Path> files = Files.list(warehouse.resolve("labels/verdicts"))) {
                // Hidden files are the checksums Hadoop keeps beside files on a local disk.
                assertThat(files.map(file -> file.getFileName().toString()).filter(name -> !name.startsWith(".")))
                        .hasSize(2).allMatch(name -> name.matches("\\d{8}T\\d{6}\\.\\d{9}Z-[0-9a-f]{16}\\.json"));
            }
            List<Verdict> verdicts = new VerdictStore(mount.root(), hadoop).readAll();
            assertThat(verdicts).extracting(Verdict::accountId).containsExactly("acct_<b>", "acct_a");
            assertThat(verdicts.get(0).score()).isEqualTo(0.5);
            assertThat(verdicts.get(0).modelId()).isEqualTo("gb-1");
            assertThat(verdicts.get(0).analyst()).isEqualTo("ana");
        }
    }

    @Test
    void givenABadVerdict_whenPosted_thenRejectedAndNothingIsWritten() throws Exception {
        VerdictStore store = new VerdictStore(warehouse);

        HttpResponse<String> badLabel = postVerdict(cookie(), server.token(), form("acct_a", "malicious", ""));
        HttpResponse<String> longNote = postVerdict(cookie(), server.token(), form("acct_a", "distill", "x".repeat(51)));
        HttpResponse<String> unknown = postVerdict(cookie(), server.token(), form("acct_zzz", "distill", ""));
        HttpResponse<String> noHeader = postVerdict(cookie(), null, form("acct_a", "distill", ""));
        HttpResponse<String> getVerdict = get("/verdict", cookie());

        assertThat(badLabel.statusCode()).isEqualTo(400);
        assertThat(badLabel.body()).contains("Invalid label: 'malicious' (expected one of distill, benign, unsure)");
        assertThat(longNote.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(noHeader.statusCode()).isEqualTo(403);
        assertThat(getVerdict.statusCode()).isEqualTo(405);
        assertThat(Files.exists(Path.of(store.location()))).isFalse();
    }

    @Test
    void givenANonLoopbackAddressWithoutBind_whenStarted_thenRefusedAndWithBindWarned() throws Exception {
        assertThatThrownBy(() -> ReviewServer.start(new ReviewServer.Options(warehouse, "0.0.0.0", false, 0, "ana", 50),
                new PrintStream(new ByteArrayOutputStream())))
                .hasMessageStartingWith("Cannot serve the review on 0.0.0.0: only loopback (127.0.0.1) is allowed by default")
                .hasMessageContaining("--bind 0.0.0.0");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ReviewServer open = ReviewServer.start(new ReviewServer.Options(warehouse, "0.0.0.0", true, 0, "ana", 50),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("WARNING: serving the review on 0.0.0.0");
            assertThat(open.port()).isPositive();
        }
    }
}
