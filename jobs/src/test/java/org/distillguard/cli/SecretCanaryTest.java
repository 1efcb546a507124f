package org.distillguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.simulate.SyntheticSecrets;
import org.distillguard.testing.SparkTestSession;
import org.distillguard.testing.TestLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants over a hundred secrets of every kind the redactor knows in every text field of real log lines, and in lines
 * that end up in the quarantine, runs {@code distillguard ingest} as an operator would, and then searches every output
 * file (Parquet decoded), the quarantine, the manifest and everything the command printed: no secret, and not the
 * HMAC key, may appear anywhere.
 */
class SecretCanaryTest {

    private static final int PER_KIND = 110;
    private static final String HMAC_KEY = "canary-hmac-key-7d1f0c9a2b4e6f8a1c3e5d7b9f0a2c4e";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void givenSecretsOfEveryKindInEveryField_whenIngested_thenNoRawSecretOrKeyReachesAnyOutputOrLog() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        List<String> secrets = new ArrayList<>();
        StringBuilder logs = new StringBuilder();
        int line = 0;
        for (String kind : SyntheticSecrets.kinds()) {
            for (int i = 0; i < PER_KIND; i++) {
                String secret = SyntheticSecrets.generate(kind, random);
                secrets.add(secret);
                String text = SyntheticSecrets.embed(kind, secret, random);
                line++;
                ObjectNode record = TestLogs.record("req-" + line, "2026-11-24T10:00:00Z", "acct_" + (line % 50), "Please help.");
                ArrayNode messages = (ArrayNode) record.get("request").get("messages");
                switch (i % 6) {
                    case 0 -> ((ObjectNode) messages.get(1)).put("content", "Here is my config: " + text);
                    case 1 -> ((ObjectNode) messages.get(0)).put("content", "System context: " + text);
                    case 2 -> messages.addObject().put("role", "tool").put("content", "tool output: " + text);
                    case 3 -> ((ObjectNode) record.get("response").get("choices").get(0).get("message")).put("content", "Echo: " + text);
                    case 4 -> messages.insert(1, JSON.createObjectNode().put("role", "assistant").put("content", text));
                    default -> {
                        // Quarantined lines: the excerpt must be redacted too.
                        ObjectNode bad = JSON.createObjectNode();
                        bad.putObject("request").putArray("messages").addObject().put("role", "user").put("content", text);
                        bad.put("request_id", "bad-" + line);
                        bad.put("timestamp", "not a time");
                        record = bad;
                    }
                }
                logs.append(TestLogs.render(record)).append('\n');
            }
        }
        // Broken lines that start with a secret in its usual context.
        for (String kind : SyntheticSecrets.kinds()) {
            String secret = SyntheticSecrets.generate(kind, random);
            secrets.add(secret);
            logs.append("{\"oops\": ").append(JSON.writeValueAsString(SyntheticSecrets.embed(kind, secret, random)))
                    .append(" broken\n");
        }
        Path input = folder.resolve("logs.jsonl");
        Files.writeString(input, logs);
        Path keyFile = folder.resolve("hmac.key");
        Files.writeString(keyFile, HMAC_KEY + "\n");
        Path out = folder.resolve("out");

        ChildProcess.Result result = ChildProcess.run(folder, Map.of(), "ingest", "--input", input.toString(),
                "--out", out.toString(), "--hmac-key-file", keyFile.toString(), "--set", "ingest.max-quarantine-rate=0.5");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(100 * SyntheticSecrets.kinds().size());
        List<String> haystacks = new ArrayList<>();
        haystacks.add(result.output());
        SparkSession spark = SparkTestSession.get();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (file.toString().endsWith(".parquet")) {
                    for (Row row : spark.read().parquet(file.toString()).toJSON().collectAsList().stream()
                            .map(json -> org.apache.spark.sql.RowFactory.create(json)).toList()) {
                        haystacks.add(row.getString(0));
                    }
                } else {
                    haystacks.add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        }
        assertThat(haystacks).hasSizeGreaterThan(3);
        String everything = String.join("\n", haystacks);
        assertThat(everything).contains("[REDACTED:");
        for (String secret : secrets) {
            for (String needle : needles(secret)) {
                assertThat(everything.contains(needle)).as("raw secret fragment found in output: %s…",
                        needle.substring(0, Math.min(6, needle.length()))).isFalse();
            }
        }
        assertThat(everything).doesNotContain(HMAC_KEY);
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
