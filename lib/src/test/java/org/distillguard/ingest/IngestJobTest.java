package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distillguard.config.DistillGuardConfig;
import org.distillguard.config.IngestConfig;
import org.distillguard.config.RedactionConfig;
import org.distillguard.config.SparkConfig;
import org.distillguard.redact.HmacKey;
import org.distillguard.redact.Pseudonymizer;
import org.distillguard.redact.Redactor;
import org.distillguard.testing.SparkTestSession;
import org.distillguard.testing.TestLogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DAY = "2026-11-24T";

    @TempDir
    Path folder;

    private final SparkSession spark = SparkTestSession.get();
    private final Redactor redactor = Redactor.withDefaultRules();
    private final Pseudonymizer pseudonymizer = new Pseudonymizer(HmacKey.fromEnvironment(
            Map.of(HmacKey.ENVIRONMENT_VARIABLE, "test-key-0123456789abcdef-0123456789abcdef")));

    private static DistillGuardConfig config(double maxQuarantineRate, long splitBytes) {
        return DistillGuardConfig.defaults().withIngest(
                new IngestConfig(1 << 20, maxQuarantineRate, splitBytes, 16_384, 120, false));
    }

    private IngestResult ingest(DistillGuardConfig config, Optional<java.time.LocalDate> date, Path... inputs) {
        return IngestJob.run(spark, config, redactor, pseudonymizer, new IngestRequest(
                Arrays.stream(inputs).map(Path::toString).toList(), folder.resolve("out").toString(), date));
    }

    private Dataset<Row> events() {
        return spark.read().parquet(folder.resolve("out").resolve(IngestJob.EVENTS_DIR).toString());
    }

    private List<JsonNode> quarantine() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        Path quarantine = folder.resolve("out").resolve(IngestJob.QUARANTINE_DIR);
        if (!Files.exists(quarantine)) {
            return entries;
        }
        try (Stream<Path> files = Files.walk(quarantine)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    entries.add(JSON.readTree(line));
                }
            }
        }
        return entries;
    }

    @Test
    void givenAFileMixingGoodAndBadRecords_whenIngested_thenEveryRecordIsPublishedOrQuarantinedWithItsReason() throws IOException {
        Path logs = folder.resolve("logs");
        Files.createDirectories(logs);
        ObjectNode wrongType = TestLogs.record("r-type", DAY + "01:00:00Z", "acct_b", "hello");
        ((ObjectNode) wrongType.get("request")).put("temperature", "warm");
        ObjectNode missingAccount = TestLogs.record("r-noacct", DAY + "01:00:00Z", "acct_b", "hello");
        missingAccount.remove("account_id");
        ObjectNode missingStatus = TestLogs.record("r-nostatus", DAY + "01:00:00Z", "acct_b", "hello");
        ((ObjectNode) missingStatus.get("response")).remove("status");
        ObjectNode missingMessages = TestLogs.record("r-nomsg", DAY + "01:00:00Z", "acct_b", "hello");
        ((ObjectNode) missingMessages.get("request")).remove("messages");
        ObjectNode badTopLogprobs = TestLogs.record("r-toplp", DAY + "01:00:00Z", "acct_b", "hello");
        ((ObjectNode) badTopLogprobs.get("request")).put("top_logprobs", 50);

        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        writeLine(mixed, TestLogs.line("r1", DAY + "10:00:00Z", "acct_a", "What is the capital of France?"));   // 1
        writeLine(mixed, TestLogs.line("r2", DAY + "10:00:01Z", "acct_a", "And of Spain?"));                   // 2
        writeLine(mixed, "{\"request_id\":\"r3\",\"timestamp\":\"" + DAY + "10:00:02Z\",\"account_id\":");      // 3 truncated
        writeLine(mixed, TestLogs.render(wrongType));                                                          // 4
        writeLine(mixed, TestLogs.line("r5", "24/11/2026 10:00", "acct_a", "bad time"));                       // 5
        mixed.write("{\"request_id\":\"r6\",\"note\":\"".getBytes(StandardCharsets.UTF_8));                    // 6 bad UTF-8
        mixed.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
        writeLine(mixed, "\"}");
        writeLine(mixed, "");                                                                                  // 7 blank
        writeLine(mixed, TestLogs.line("r8", DAY + "11:00:00Z", "acct_c", "x".repeat(20 * 1024 * 1024)));       // 8 20 MB
        writeLine(mixed, TestLogs.render(missingAccount));                                                     // 9
        writeLine(mixed, TestLogs.render(missingStatus));                                                      // 10
        writeLine(mixed, TestLogs.render(missingMessages));                                                    // 11
        writeLine(mixed, TestLogs.render(badTopLogprobs));                                                     // 12
        writeLine(mixed, "[\"an\",\"array\"]");                                                                // 13
        writeLine(mixed, TestLogs.line("r1", DAY + "10:00:00Z", "acct_a", "What is the capital of France?"));  // 14 retry of r1
        mixed.write(TestLogs.line("r15", DAY + "23:59:59.999Z", "acct_d", "last line, no newline").getBytes(StandardCharsets.UTF_8));
        Files.write(logs.resolve("mixed.jsonl"), mixed.toByteArray());
        Files.write(logs.resolve("empty.jsonl"), new byte[0]);
        byte[] gzip = gzip(TestLogs.line("g1", DAY + "12:00:00Z", "acct_e", "compressed one") + "\n"
                + TestLogs.line("g2", DAY + "12:00:01Z", "acct_e", "compressed two") + "\n");
        Files.write(logs.resolve("whole.jsonl.gz"), gzip);
        byte[] full = gzip(TestLogs.line("t1", DAY + "13:00:00Z", "acct_f", "will be cut").repeat(1) + "\n"
                + TestLogs.line("t2", DAY + "13:00:01Z", "acct_f", "lost in the cut ".repeat(200)) + "\n");
        Files.write(logs.resolve("truncated.jsonl.gz"), Arrays.copyOf(full, full.length - 40));

        IngestResult result = ingest(config(1.0, 64L << 20), Optional.empty(), logs);

        assertThat(result.balances()).isTrue();
        assertThat(result.quarantined()).containsEntry(QuarantineReason.INVALID_JSON, 1L)
                .containsEntry("bad_type:request.temperature", 1L)
                .containsEntry(QuarantineReason.BAD_TIMESTAMP, 1L)
                .containsEntry(QuarantineReason.INVALID_UTF8, 1L)
                .containsEntry(QuarantineReason.TOO_LARGE, 1L)
                .containsEntry("missing_field:account_id", 1L)
                .containsEntry("missing_field:response.status", 1L)
                .containsEntry("missing_field:request.messages", 1L)
                .containsEntry("bad_value:request.top_logprobs", 1L)
                .containsEntry(QuarantineReason.NOT_AN_OBJECT, 1L)
                .containsEntry(QuarantineReason.TRUNCATED_FILE, 1L);
        assertThat(result.blankLines()).isEqualTo(1);
        assertThat(result.duplicates()).isEqualTo(1);
        // mixed: r1 r2 r15 (+ the r1 retry merged); gzip: g1 g2; truncated gzip: t1 survives before the cut.
        assertThat(events().select("request_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactlyInAnyOrder("r1", "r2", "r15", "g1", "g2", "t1");
        assertThat(result.records()).isEqualTo(14 + 2 + 2);

        Map<String, Long> lineByReason = quarantine().stream()
                .filter(entry -> entry.path("source_file").asText().endsWith("mixed.jsonl"))
                .collect(Collectors.toMap(entry -> entry.path("reason").asText(), entry -> entry.path("line").asLong()));
        assertThat(lineByReason).containsEntry(QuarantineReason.INVALID_JSON, 3L)
                .containsEntry("bad_type:request.temperature", 4L)
                .containsEntry(QuarantineReason.BAD_TIMESTAMP, 5L)
                .containsEntry(QuarantineReason.INVALID_UTF8, 6L)
                .containsEntry(QuarantineReason.TOO_LARGE, 8L)
                .containsEntry(QuarantineReason.NOT_AN_OBJECT, 13L);
        for (JsonNode entry : quarantine()) {
            assertThat(entry.path("excerpt").asText()).hasSizeLessThanOrEqualTo(120).doesNotContain("203.0.113.7");
        }
        IngestResult manifest = IngestJob.readManifest(spark.sparkContext().hadoopConfiguration(), folder.resolve("out").toString());
        assertThat(manifest.records()).isEqualTo(result.records());
        assertThat(manifest.quarantined()).isEqualTo(result.quarantined());
    }

    @Test
    void givenDuplicateRequestIds_whenIngested_thenOneEventRemainsAndTheSuccessfulOneWins() throws IOException {
        ObjectNode failed = TestLogs.record("dup", DAY + "09:00:00Z", "acct_a", "retry me");
        ((ObjectNode) failed.get("response")).put("status", 500);
        ObjectNode succeeded = TestLogs.record("dup", DAY + "09:00:03Z", "acct_a", "retry me");
        Path file = folder.resolve("dups.jsonl");
        Files.writeString(file, TestLogs.render(failed) + "\n" + TestLogs.render(succeeded) + "\n"
                + TestLogs.render(succeeded) + "\n" + TestLogs.line("other", DAY + "09:00:04Z", "acct_a", "x") + "\n");

        IngestResult result = ingest(config(0.01, 64L << 20), Optional.empty(), file);

        assertThat(result.events()).isEqualTo(2);
        assertThat(result.duplicates()).isEqualTo(2);
        assertThat(result.balances()).isTrue();
        Row dup = events().filter("request_id = 'dup'").first();
        assertThat(dup.<Integer>getAs("status")).isEqualTo(200);
        // Both writes (events seen once, and the merged candidates) leave dictionary encoding off.
        assertThat(eventColumnsWithADictionary()).isEmpty();
        // Read back as the later stages read them, the date partition is the folder's string, not an inferred date.
        Dataset<Row> read = EventSchema.read(spark, folder.resolve("out").resolve(IngestJob.EVENTS_DIR).toString());
        assertThat(read.schema().apply(EventSchema.DATE).dataType()).isEqualTo(org.apache.spark.sql.types.DataTypes.StringType);
        assertThat(read.select(EventSchema.DATE).distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactly(DAY.substring(0, 10));
    }

    @Test
    void givenTimestampsBeforeTheGregorianCutover_whenIngested_thenTheyAreWrittenAndReadBackAsTheSameInstants() throws IOException {
        // Event files store timestamps as 64-bit microseconds; instants of the Julian era must neither fail the write
        // nor shift on the way back.
        ObjectNode ancient = TestLogs.record("old", DAY + "10:00:00.123456Z", "acct_a", "hello");
        ((ObjectNode) ancient.get("account")).put("created_at", "1200-03-01T00:00:00Z");
        Path file = folder.resolve("ancient.jsonl");
        Files.writeString(file, TestLogs.render(ancient) + "\n");

        IngestResult result = ingest(config(0.01, 64L << 20), Optional.empty(), file);

        assertThat(result.events()).isEqualTo(1);
        Row row = EventSchema.read(spark, folder.resolve("out").resolve(IngestJob.EVENTS_DIR).toString())
                .selectExpr("unix_micros(timestamp)", "unix_micros(account_created_at)",
                        "date_format(account_created_at, 'yyyy-MM-dd HH:mm:ss')").first();
        assertThat(row.getLong(0)).isEqualTo(micros(java.time.Instant.parse(DAY + "10:00:00.123456Z")));
        assertThat(row.getLong(1)).isEqualTo(micros(java.time.Instant.parse("1200-03-01T00:00:00Z")));
        assertThat(row.getString(2)).isEqualTo("1200-03-01 00:00:00");
    }

    @Test
    void givenTimestampsBeyondTheFourDigitYears_whenIngested_thenTheyAreQuarantinedNotFatal() throws IOException {
        ObjectNode farCreation = TestLogs.record("far-created", DAY + "10:00:01Z", "acct_a", "hello");
        ((ObjectNode) farCreation.get("account")).put("created_at", "+300000-01-01T00:00:00Z");
        Path file = folder.resolve("far.jsonl");
        Files.writeString(file, String.join("\n",
                TestLogs.line("far-future", "+300000-01-01T00:00:00Z", "acct_a", "hello"),
                TestLogs.line("far-past", "-5000-01-01T00:00:00Z", "acct_a", "hello"),
                TestLogs.line("just-past", "10000-01-01T00:00:00+00:00", "acct_a", "hello"),
                TestLogs.render(farCreation),
                TestLogs.line("fine", DAY + "10:00:02Z", "acct_a", "hello")) + "\n");

        IngestResult result = ingest(config(1.0, 64L << 20), Optional.empty(), file);

        assertThat(result.balances()).isTrue();
        assertThat(result.events()).isEqualTo(1);
        assertThat(result.quarantined()).containsEntry(QuarantineReason.BAD_TIMESTAMP, 3L)
                .containsEntry("bad_value:account.created_at", 1L);
        assertThat(result.eventsByDate()).containsOnlyKeys(DAY.substring(0, 10));
    }

    @Test
    void givenARecordWithTwoRequestIds_whenIngested_thenItIsQuarantinedAndTheIdItCouldHaveRepeatedIsPublishedOnce() throws IOException {
        // The id pass reads a line's first request_id; publishing the second would let a repeat of it escape the merge.
        String twice = TestLogs.line("first", DAY + "10:00:00Z", "acct_a", "one");
        twice = twice.substring(0, twice.length() - 1) + ",\"request_id\":\"second\"}";
        String nullThenId = TestLogs.line("ignored", DAY + "10:00:01Z", "acct_a", "two")
                .replaceFirst("\"request_id\":\"ignored\"", "\"request_id\":null");
        nullThenId = nullThenId.substring(0, nullThenId.length() - 1) + ",\"request_id\":\"second\"}";
        Path file = folder.resolve("twice.jsonl");
        Files.writeString(file, String.join("\n", twice, nullThenId,
                TestLogs.line("second", DAY + "10:00:02Z", "acct_a", "three")) + "\n");

        IngestResult result = ingest(config(1.0, 64L << 20), Optional.empty(), file);

        assertThat(result.balances()).isTrue();
        assertThat(result.quarantined()).containsExactly(Map.entry("duplicate_field:request_id", 2L));
        assertThat(events().select("request_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
                .containsExactly("second");
    }

    private static long micros(java.time.Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    @Test
    void givenAConversation_whenIngested_thenTheFinalUserMessageIsStoredOnceAsThePrompt() throws IOException {
        ObjectNode conversation = TestLogs.record("conv", DAY + "11:00:00Z", "acct_c", "first question");
        com.fasterxml.jackson.databind.node.ArrayNode messages = (com.fasterxml.jackson.databind.node.ArrayNode)
                conversation.get("request").get("messages");
        messages.addObject().put("role", "assistant").put("content", "first answer");
        messages.addObject().put("role", "user").put("content", "and the follow-up, key AKIAIOSFODNN7EXAMPLE");
        ObjectNode legacy = TestLogs.record("legacy", DAY + "11:00:01Z", "acct_c", "unused");
        ((ObjectNode) legacy.get("request")).remove("messages");
        ((ObjectNode) legacy.get("request")).put("prompt", "complete this");
        Path file = folder.resolve("conversation.jsonl");
        Files.writeString(file, TestLogs.render(conversation) + "\n" + TestLogs.render(legacy) + "\n");

        ingest(config(0.01, 64L << 20), Optional.empty(), file);

        Row row = EventSchema.read(spark, folder.resolve("out").resolve(IngestJob.EVENTS_DIR).toString())
                .filter("request_id = 'conv'").first();
        assertThat(row.<String>getAs(EventSchema.PROMPT)).isEqualTo("and the follow-up, key [REDACTED:aws-access-key]");
        List<Row> stored = row.getList(row.fieldIndex(EventSchema.MESSAGES));
        assertThat(stored.stream().map(message -> message.getString(0)).toList())
                .containsExactly("system", "user", "assistant", "user");
        assertThat(stored.stream().map(message -> message.getString(1)).toList())
                .containsExactly("You are a helpful assistant.", "first question", "first answer", null);
        assertThat(row.<Integer>getAs(EventSchema.USER_TURNS)).isEqualTo(2);
        assertThat(row.<Integer>getAs(EventSchema.MESSAGE_COUNT)).isEqualTo(4);

        Row legacyRow = events().filter("request_id = 'legacy'").first();
        assertThat(legacyRow.<String>getAs(EventSchema.PROMPT)).isEqualTo("complete this");
        assertThat(legacyRow.getList(legacyRow.fieldIndex(EventSchema.MESSAGES))).isEmpty();
        assertThat(legacyRow.<Integer>getAs(EventSchema.USER_TURNS)).isEqualTo(1);
    }

    private List<String> eventColumnsWithADictionary() throws IOException {
        List<String> withDictionary = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(folder.resolve("out").resolve(IngestJob.EVENTS_DIR))) {
            for (Path file : paths.filter(path -> path.toString().endsWith(".parquet")).toList()) {
                files++;
                try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
                    for (BlockMetaData block : reader.getFooter().getBlocks()) {
                        for (ColumnChunkMetaData column : block.getColumns()) {
                            if (column.hasDictionaryPage()) {
                                withDictionary.add(column.getPath().toDotString());
                            }
                        }
                    }
                }
            }
        }
        assertThat(files).isPositive();
        return withDictionary;
    }

    @Test
    void givenDuplicatesAcrossFilesRangesAndDates_whenIngested_thenEachIdIsPublishedOnceByTheSameRuleAsAFullMerge() throws IOException {
        // Two files cut into several byte ranges. Ids repeat within a range, across ranges and across files; one id's
        // first copy is broken JSON, so its only valid copy must still be published; one id repeats across two dates.
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            first.append(TestLogs.line("req-" + i, DAY + "08:00:00Z", "acct_" + (i % 5), "prompt " + i)).append('\n');
        }
        for (int i = 0; i < 2000; i += 100) {
            ObjectNode retry = TestLogs.record("req-" + i, DAY + "08:00:05Z", "acct_" + (i % 5), "prompt " + i);
            ((ObjectNode) retry.get("response")).put("status", 502);
            second.append(TestLogs.render(retry)).append('\n');
        }
        second.append("{\"request_id\": \"only-valid-later\", \"timestamp\": broken\n");
        second.append(TestLogs.line("only-valid-later", DAY + "09:00:00Z", "acct_x", "kept")).append('\n');
        second.append(TestLogs.line("two-days", "2026-11-25T01:00:00Z", "acct_y", "late")).append('\n');
        first.append(TestLogs.line("two-days", DAY + "23:59:00Z", "acct_y", "early")).append('\n');
        first.append(TestLogs.line("req-7", DAY + "07:00:00Z", "acct_2", "earlier copy, later in the file")).append('\n');
        Path a = folder.resolve("a.jsonl");
        Path b = folder.resolve("b.jsonl");
        Files.writeString(a, first);
        Files.writeString(b, second);

        IngestResult result = ingest(config(0.5, 65536), Optional.empty(), a, b);

        assertThat(result.records()).isEqualTo(2000 + 20 + 2 + 2 + 1);
        assertThat(result.quarantinedTotal()).isEqualTo(1);
        assertThat(result.duplicates()).isEqualTo(20 + 1 + 1);
        assertThat(result.balances()).isTrue();
        Dataset<Row> events = events();
        assertThat(events.count()).isEqualTo(2000 + 1 + 1);
        assertThat(events.groupBy("request_id").count().where("count > 1").count()).isZero();
        // the successful copy beats the 502 retry; the earliest successful copy wins whatever the file order
        assertThat(events.where("request_id = 'req-100'").first().<Integer>getAs("status")).isEqualTo(200);
        assertThat(events.where("request_id = 'req-7'").first().<Object>getAs("timestamp").toString()).contains("07:00:00");
        assertThat(events.where("request_id = 'only-valid-later'").count()).isEqualTo(1);
        Row early = events.where("request_id = 'two-days'").first();
        assertThat(early.<Object>getAs("date").toString()).isEqualTo("2026-11-24");
    }

    @Test
    void givenALargeFileCutIntoByteRanges_whenIngested_thenEveryLineIsReadOnceAndQuarantinedLinesKeepExactNumbers() throws IOException {
        Path file = folder.resolve("large.jsonl");
        StringBuilder text = new StringBuilder();
        List<Long> badLines = new ArrayList<>();
        int lines = 3000;
        for (int i = 1; i <= lines; i++) {
            if (i % 397 == 0) {
                text.append("{broken line ").append(i).append('\n');
                badLines.add((long) i);
            } else {
                text.append(TestLogs.line("req-" + i, DAY + "08:00:00Z", "acct_" + (i % 7), "prompt number " + i)).append('\n');
            }
        }
        Files.writeString(file, text);
        assertThat(Files.size(file)).isGreaterThan(4L * 65536);

        IngestResult result = ingest(config(0.5, 65536), Optional.empty(), file);

        assertThat(result.records()).isEqualTo(lines);
        assertThat(result.events()).isEqualTo(lines - badLines.size());
        assertThat(result.quarantinedTotal()).isEqualTo(badLines.size());
        assertThat(quarantine().stream().map(entry -> entry.path("line").asLong()).sorted().toList()).isEqualTo(badLines);
    }

    @Test
    void givenADate_whenIngested_thenOnlyThatDatesEventsArePublishedAndTheRestCounted() throws IOException {
        Path file = folder.resolve("days.jsonl");
        Files.writeString(file, TestLogs.line("a", "2026-11-23T23:59:59Z", "acct_a", "yesterday") + "\n"
                + TestLogs.line("b", "2026-11-24T00:00:00Z", "acct_a", "today") + "\n"
                + TestLogs.line("c", "2026-11-24T01:00:00+02:00", "acct_a", "still yesterday in UTC") + "\n");

        IngestResult result = ingest(config(0.01, 64L << 20), Optional.of(java.time.LocalDate.parse("2026-11-24")), file);

        assertThat(result.events()).isEqualTo(1);
        assertThat(result.outOfRange()).isEqualTo(2);
        assertThat(result.eventsByDate()).containsOnlyKeys("2026-11-24");
        assertThat(result.balances()).isTrue();
    }

    @Test
    void givenTooManyBadRecords_whenIngested_thenTheRunFailsNamingTheTopReasonsAndPublishesNoEvents() throws IOException {
        Path file = folder.resolve("bad.jsonl");
        Files.writeString(file, TestLogs.line("a", DAY + "00:00:00Z", "acct_a", "fine") + "\nnope\nnope\n{\"x\":\n");

        assertThatThrownBy(() -> ingest(config(0.01, 64L << 20), Optional.empty(), file))
                .isInstanceOf(IngestJob.QuarantineRateExceededException.class)
                .hasMessageContaining("75.00% of 4 records were quarantined (limit 1.00%)")
                .hasMessageContaining("invalid_json 3")
                .hasMessageContaining("ingest.max-quarantine-rate");
        assertThat(folder.resolve("out").resolve(IngestJob.EVENTS_DIR)).doesNotExist();
        assertThat(quarantine()).hasSize(3);
    }

    @Test
    void givenLiteLlmCsvAndJsonlAndParquetInputs_whenIngested_thenAllMapOntoTheCanonicalEvent() throws IOException {
        Path csv = folder.resolve("spend.csv");
        Files.writeString(csv, """
                request_id,startTime,endTime,api_key,user,team_id,model,prompt_tokens,completion_tokens,total_tokens,requester_ip_address,messages,response,metadata,status
                chatcmpl-1,2026-11-24 10:00:00.000,2026-11-24 10:00:01.250,88dc28d0f030c55ed4,end-user-7,team-42,gpt-4o,12,30,42,198.51.100.4,"[{""role"":""user"",
                ""content"":""hello\\nover two lines""}]","{""choices"":[{""message"":{""content"":""hi""},""finish_reason"":""stop""}]}",{},success
                chatcmpl-2,2026-11-24 10:00:05,2026-11-24 10:00:06,88dc28d0f030c55ed4,end-user-7,team-42,gpt-4o,5,7,12,198.51.100.4,{},{},{},failure
                """);
        Path liteJsonl = folder.resolve("spend.jsonl");
        Files.writeString(liteJsonl, "{\"request_id\":\"chatcmpl-3\",\"startTime\":\"2026-11-24T10:01:00Z\",\"team_id\":\"team-42\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"json row\"}],\"status\":\"success\",\"prompt_tokens\":3}\n");
        Path parquet = folder.resolve("contract.parquet");
        Path json = folder.resolve("for-parquet.json");
        Files.writeString(json, TestLogs.line("pq-1", DAY + "14:00:00Z", "acct_pq", "from parquet") + "\n");
        spark.read().json(json.toString()).coalesce(1).write().parquet(parquet.toString());

        IngestResult result = ingest(config(0.01, 64L << 20), Optional.empty(), csv, liteJsonl, parquet);

        assertThat(result.quarantinedTotal()).isZero();
        assertThat(result.events()).isEqualTo(4);
        Row first = events().filter("request_id = 'chatcmpl-1'").first();
        assertThat(first.<String>getAs("account_id")).isEqualTo("team-42");
        assertThat(first.<String>getAs("prompt")).isEqualTo("hello\nover two lines");
        assertThat(first.<String>getAs("response")).isEqualTo("hi");
        assertThat(first.<Long>getAs("latency_ms")).isEqualTo(1250L);
        assertThat(first.<Long>getAs("source_line")).isEqualTo(2L);
        assertThat(first.<String>getAs("source_format")).isEqualTo("litellm");
        assertThat(first.<String>getAs("client_ip")).startsWith("ip_").doesNotContain("198.51.100.4");
        assertThat(events().filter("request_id = 'chatcmpl-2'").first().<Integer>getAs("status")).isEqualTo(500);
        assertThat(events().filter("request_id = 'chatcmpl-3'").first().<String>getAs("prompt")).isEqualTo("json row");
        Row fromParquet = events().filter("request_id = 'pq-1'").first();
        assertThat(fromParquet.<String>getAs("prompt")).isEqualTo("from parquet");
        assertThat(eventColumnsWithADictionary()).isEmpty(); // the full merge's write, too
        assertThat(fromParquet.<String>getAs("user_agent")).isEqualTo("python-httpx/0.27.0");
    }

    private static void writeLine(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
