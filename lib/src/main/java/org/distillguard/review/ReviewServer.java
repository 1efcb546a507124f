package org.distillguard.review;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.distillguard.nightly.Warehouse;

/**
 * Serves the newest published report and queue to the analysts on this machine and records their verdicts, with the
 * JDK's own HTTP server.
 *
 * <p>Security: it listens on loopback unless an address is given explicitly ({@link Options#bindExplicit}), then it
 * warns. A random per-session token (32 bytes, URL-safe base64) guards every request: the start-up URL carries it
 * once as {@code ?token=}, the server answers with an HttpOnly SameSite=Strict cookie and a redirect that drops it
 * from the address bar; a request with neither gets 401, with a wrong one 403 (compared in constant time). A
 * verdict POST must also carry the token in the {@code X-Review-Token} header, which a cross-site form cannot send
 * (CSRF). The Host header must name loopback, so a rebinding DNS name cannot reach it from a browser either.
 */
public final class ReviewServer implements AutoCloseable {

    public static final String COOKIE = "distillguard_review";
    public static final String TOKEN_PARAMETER = "token";
    public static final String TOKEN_HEADER = "X-Review-Token";
    public static final int MAX_BODY_BYTES = 16 * 1024;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    /**
     * @param warehouse the warehouse: a local folder or any Hadoop URI
     * @param hadoop the Hadoop settings that reach it
     * @param bind the address to listen on
     * @param bindExplicit whether the operator named the address on the command line; required for non-loopback
     * @param port 0 for a free port
     * @param analyst recorded with each verdict
     * @param maxNoteChars longest note accepted
     */
    public record Options(String warehouse, Configuration hadoop, String bind, boolean bindExplicit, int port,
            String analyst, int maxNoteChars) {
        /** A warehouse on a local disk. */
        public Options(Path warehouse, String bind, boolean bindExplicit, int port, String analyst, int maxNoteChars) {
            this(warehouse.toAbsolutePath().toString(), new Configuration(), bind, bindExplicit, port, analyst, maxNoteChars);
        }

        public Options {
            requireNonNull(warehouse, "warehouse is null");
            requireNonNull(hadoop, "hadoop is null");
            requireNonNull(bind, "bind is null");
            requireNonNull(analyst, "analyst is null");
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("Invalid port: " + port + " (expected 0 to 65535)");
            }
            if (maxNoteChars < 1 || maxNoteChars > Verdict.MAX_NOTE_CHARS) {
                throw new IllegalArgumentException("Invalid note limit: " + maxNoteChars + " (expected 1 to " + Verdict.MAX_NOTE_CHARS + ")");
            }
        }
    }

    private final Options options;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final byte[] tokenBytes;
    private final Warehouse warehouse;
    private final VerdictStore store;
    private final Clock clock;
    private final boolean loopback;

    private ReviewServer(Options options, HttpServer server, ExecutorService executor, String token, Clock clock, boolean loopback) {
        this.options = options;
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        this.warehouse = new Warehouse(options.warehouse(), options.hadoop());
        this.store = new VerdictStore(options.warehouse(), options.hadoop());
        this.clock = clock;
        this.loopback = loopback;
    }

    /** Starts serving; refuses a non-loopback address unless it was given explicitly, and then warns on {@code out}. */
    public static ReviewServer start(Options options, PrintStream out) {
        return start(options, out, Clock.systemUTC(), new SecureRandom());
    }

    static ReviewServer start(Options options, PrintStream out, Clock clock, SecureRandom random) {
        InetAddress address;
        try {
            address = InetAddress.getByName(options.bind());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Invalid bind address: " + options.bind() + " (" + e.getMessage() + ")", e);
        }
        boolean loopback = address.isLoopbackAddress();
        if (!loopback && !options.bindExplicit()) {
            throw new IllegalArgumentException("Cannot serve the review on " + options.bind()
                    + ": only loopback (127.0.0.1) is allowed by default because the report holds users' prompts; "
                    + "give --bind " + options.bind() + " on the command line to listen there on purpose");
        }
        if (!loopback) {
            out.println("WARNING: serving the review on " + options.bind() + ", reachable from other machines. "
                    + "The token still guards every request, but traffic is not encrypted.");
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, options.port()), 16);
            ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "review-server");
                thread.setDaemon(true);
                return thread;
            });
            ReviewServer review = new ReviewServer(options, server, executor, token, clock, loopback);
            server.createContext("/", review::handle);
            server.setExecutor(executor);
            server.start();
            return review;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the review on " + options.bind() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String token() {
        return token;
    }

    /** The URL to open once, token included, as printed at start-up. */
    public URI url() {
        String host = server.getAddress().getAddress() instanceof java.net.Inet6Address
                ? "[" + server.getAddress().getAddress().getHostAddress() + "]"
                : server.getAddress().getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + port() + "/?" + TOKEN_PARAMETER + "=" + token);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers response = exchange.getResponseHeaders();
            response.set("Cache-Control", "no-store");
            response.set("X-Content-Type-Options", "nosniff");
            response.set("Referrer-Policy", "no-referrer");
            response.set("X-Frame-Options", "DENY");
            if (loopback && !hostIsLoopback(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, "Forbidden: unexpected Host header\n");
                return;
            }
            Map<String, String> query = parseForm(exchange.getRequestURI().getRawQuery());
            if (query.containsKey(TOKEN_PARAMETER)) {
                if (!matches(query.get(TOKEN_PARAMETER))) {
                    send(exchange, 403, "Forbidden: wrong token\n");
                    return;
                }
                response.add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
                response.set("Location", exchange.getRequestURI().getRawPath());
                send(exchange, 303, "");
                return;
            }
            Optional<String> cookie = cookie(exchange.getRequestHeaders().get("Cookie"));
            if (cookie.isEmpty()) {
                send(exchange, 401, "Unauthorized: open the URL with ?token= printed when distillguard review started\n");
                return;
            }
            if (!matches(cookie.get())) {
                send(exchange, 403, "Forbidden: wrong token\n");
                return;
            }
            route(exchange);
        } catch (RuntimeException e) {
            send(exchange, 500, "Cannot answer: " + e.getMessage() + "\n");
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        // The latest reviewed date is looked up only by the routes that use it: on HDFS or an object store each
        // lookup lists the published dates.
        switch (path) {
            case "/", "/" + ReviewTables.REPORT_HTML -> {
                Optional<LocalDate> date = method.equals("GET") ? latestReviewed() : Optional.empty();
                if (!method.equals("GET")) {
                    send(exchange, 405, "Method not allowed\n");
                } else if (date.isEmpty()) {
                    send(exchange, 404, "No published date has a review yet: run distillguard review-report first\n");
                } else {
                    String page = new String(read(file(date.get(), ReviewTables.REPORT_HTML)), StandardCharsets.UTF_8)
                            .replace(ReportHtml.TOKEN_META, "<meta name=\"review-token\" content=\"" + token + "\">");
                    exchange.getResponseHeaders().set("Content-Security-Policy",
                            ReportHtml.contentSecurityPolicy() + "; frame-ancestors 'none'");
                    send(exchange, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
                }
            }
            case "/" + ReviewTables.QUEUE_CSV, "/" + ReviewTables.QUEUE_JSON -> {
                Optional<LocalDate> date = method.equals("GET") ? latestReviewed() : Optional.empty();
                if (!method.equals("GET") || date.isEmpty()) {
                    send(exchange, method.equals("GET") ? 404 : 405, method.equals("GET") ? "No review yet\n" : "Method not allowed\n");
                } else {
                    String name = path.substring(1);
                    exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name + "\"");
                    send(exchange, 200, name.endsWith(".csv") ? "text/csv; charset=utf-8" : "application/json",
                            read(file(date.get(), name)));
                }
            }
            case "/verdict" -> {
                if (!method.equals("POST")) {
                    send(exchange, 405, "Method not allowed\n");
                } else {
                    verdict(exchange, latestReviewed());
                }
            }
            default -> send(exchange, 404, "Not found\n");
        }
    }

    private void verdict(HttpExchange exchange, Optional<LocalDate> date) throws IOException {
        if (!matches(exchange.getRequestHeaders().getFirst(TOKEN_HEADER))) {
            send(exchange, 403, "Forbidden: a verdict needs the " + TOKEN_HEADER + " header\n");
            return;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(FORM)) {
            send(exchange, 415, "Unsupported media type: send " + FORM + "\n");
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            send(exchange, 413, "Too large: at most " + MAX_BODY_BYTES + " bytes\n");
            return;
        }
        if (date.isEmpty()) {
            send(exchange, 409, "Cannot record the verdict: no review is published\n");
            return;
        }
        Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
        String account = form.getOrDefault("account", "");
        String note = form.getOrDefault("note", "");
        VerdictLabel label;
        try {
            label = VerdictLabel.parse(form.get("label"));
        } catch (IllegalArgumentException e) {
            send(exchange, 400, e.getMessage() + "\n");
            return;
        }
        if (note.length() > options.maxNoteChars()) {
            send(exchange, 400, "Invalid note: " + note.length() + " characters (expected at most " + options.maxNoteChars() + ")\n");
            return;
        }
        JsonNode queue = JSON.readTree(read(file(date.get(), ReviewTables.QUEUE_JSON)));
        JsonNode entry = null;
        for (JsonNode candidate : queue.path("entries")) {
            if (candidate.path("account_id").asText().equals(account)) {
                entry = candidate;
            }
        }
        if (entry == null) {
            send(exchange, 400, "Cannot record the verdict: the account is not in the queue of " + date.get() + "\n");
            return;
        }
        String modelId = queue.hasNonNull("model_id") ? queue.get("model_id").asText() : null;
        store.append(new Verdict(account, label, options.analyst(), clock.instant(), note, date.get().toString(),
                entry.path("risk_score").asDouble(), modelId));
        send(exchange, 200, "recorded " + label.text() + "\n");
    }

    /** The newest published date whose review folder holds a report. */
    Optional<LocalDate> latestReviewed() {
        List<LocalDate> dates = warehouse.publishedDates();
        for (int i = dates.size() - 1; i >= 0; i--) {
            if (ReviewJob.hasReport(warehouse, dates.get(i))) {
                return Optional.of(dates.get(i));
            }
        }
        return Optional.empty();
    }

    private byte[] read(org.apache.hadoop.fs.Path path) throws IOException {
        try (InputStream in = path.getFileSystem(options.hadoop()).open(path)) {
            return in.readAllBytes();
        }
    }

    private org.apache.hadoop.fs.Path file(LocalDate date, String name) {
        return new org.apache.hadoop.fs.Path(ReviewJob.folder(warehouse, date), name);
    }

    private boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenBytes, candidate.getBytes(StandardCharsets.UTF_8));
    }

    private boolean hostIsLoopback(String host) {
        if (host == null) {
            return false;
        }
        int colon = host.lastIndexOf(':');
        String name = colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
        String port = colon > host.lastIndexOf(']') ? host.substring(colon + 1) : "";
        return LOOPBACK_HOSTS.contains(name.toLowerCase(java.util.Locale.ROOT)) && port.equals(Integer.toString(port()));
    }

    private static Optional<String> cookie(List<String> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                String pair = part.strip();
                if (pair.startsWith(COOKIE + "=")) {
                    return Optional.of(pair.substring(COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    static Map<String, String> parseForm(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(key, value);
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
