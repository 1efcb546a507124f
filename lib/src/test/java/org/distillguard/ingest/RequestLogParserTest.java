package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestLogParserTest {

    private static final String CONTRACT_EXAMPLE = """
            {"request_id":"req_7f3a","timestamp":"2026-11-24T13:45:12.345Z","account_id":"acct_1042","api_key_id":"key_9c1","endpoint":"/v1/chat/completions","model":"frontier-large","client":{"ip":"203.0.113.7","user_agent":"python-httpx/0.27.0","country":"NL"},"billing":{"payment_fingerprint":"pmf_51c2"},"account":{"created_at":"2026-10-02T08:00:00Z"},"request":{"messages":[{"role":"system","content":"You are a helpful assistant."},{"role":"user","content":"Solve step by step and show all reasoning: 17*23"}],"temperature":0.7,"n":1,"max_tokens":4096,"logprobs":true,"top_logprobs":5},"response":{"status":200,"choices":[{"index":0,"message":{"role":"assistant","content":"17*23 = 391 ..."},"finish_reason":"stop"}],"usage":{"prompt_tokens":31,"completion_tokens":412,"reasoning_tokens":0}},"latency_ms":2310}
            """.strip();

    private final RequestLogParser parser = new RequestLogParser();
    private final RawRecord record = new RawRecord();

    private String parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length, record);
    }

    @Test
    void givenTheContractExample_whenParsed_thenEveryFieldIsRead() {
        assertThat(parse(CONTRACT_EXAMPLE)).isNull();

        assertThat(record.requestId).isEqualTo("req_7f3a");
        assertThat(record.timestamp).isEqualTo("2026-11-24T13:45:12.345Z");
        assertThat(record.accountId).isEqualTo("acct_1042");
        assertThat(record.apiKeyId).isEqualTo("key_9c1");
        assertThat(record.clientIp).isEqualTo("203.0.113.7");
        assertThat(record.userAgent).isEqualTo("python-httpx/0.27.0");
        assertThat(record.country).isEqualTo("NL");
        assertThat(record.paymentFingerprint).isEqualTo("pmf_51c2");
        assertThat(record.accountCreatedAt).isEqualTo("2026-10-02T08:00:00Z");
        assertThat(record.messageRoles).containsExactly("system", "user");
        assertThat(record.messageContents.get(1)).isEqualTo("Solve step by step and show all reasoning: 17*23");
        assertThat(record.temperature).isEqualTo(0.7);
        assertThat(record.n).isEqualTo(1L);
        assertThat(record.maxTokens).isEqualTo(4096L);
        assertThat(record.logprobs).isTrue();
        assertThat(record.topLogprobs).isEqualTo(5L);
        assertThat(record.status).isEqualTo(200L);
        assertThat(record.responseText).isEqualTo("17*23 = 391 ...");
        assertThat(record.finishReason).isEqualTo("stop");
        assertThat(record.choiceCount).isEqualTo(1);
        assertThat(record.promptTokens).isEqualTo(31L);
        assertThat(record.completionTokens).isEqualTo(412L);
        assertThat(record.reasoningTokens).isZero();
        assertThat(record.latencyMs).isEqualTo(2310L);
        assertThat(record.badTypeField).isNull();
    }

    @Test
    void givenContentParts_maxCompletionTokensAndNestedReasoningTokens_whenParsed_thenAllAreRead() {
        String line = """
                {"request_id":"r","timestamp":"2026-11-24T00:00:00Z","account_id":"a",
                 "request":{"messages":[{"role":"user","content":[{"type":"text","text":"first"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"second"}]}],
                            "max_completion_tokens":100,"tools":[{"type":"function","function":{"name":"search"}},{"name":"calc"}],
                            "response_format":{"type":"json_object"},"unknown":{"deep":[1,2,{"x":3}]}},
                 "response":{"status":200,"usage":{"completion_tokens_details":{"reasoning_tokens":77}}}}
                """.replace("\n", "");

        assertThat(parse(line)).isNull();

        assertThat(record.messageContents).containsExactly("first\nsecond");
        assertThat(record.maxTokens).isEqualTo(100L);
        assertThat(record.toolCount).isEqualTo(2);
        assertThat(record.toolNames).containsExactly("search", "calc");
        assertThat(record.responseFormat).isEqualTo("json_object");
        assertThat(record.reasoningTokens).isEqualTo(77L);
    }

    @Test
    void givenALiteLlmSpendLogRow_whenParsed_thenItsVocabularyIsRead() {
        String line = """
                {"request_id":"chatcmpl-1","startTime":"2026-11-24 10:00:00.000","endTime":"2026-11-24 10:00:02.500",
                 "api_key":"88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b","user":"end-user-7",
                 "team_id":"team-42","model":"gpt-4o","prompt_tokens":12,"completion_tokens":30,"total_tokens":42,
                 "requester_ip_address":"198.51.100.4","messages":"[{\\"role\\":\\"user\\",\\"content\\":\\"hello\\"}]",
                 "response":"{\\"choices\\":[{\\"message\\":{\\"content\\":\\"hi\\"},\\"finish_reason\\":\\"stop\\"}]}",
                 "metadata":{"user_api_key_team_id":"team-42"},"status":"success"}
                """.replace("\n", "");

        assertThat(parse(line)).isNull();

        assertThat(record.isLiteLlm()).isTrue();
        assertThat(record.startTime).isEqualTo("2026-11-24 10:00:00.000");
        assertThat(record.teamId).isEqualTo("team-42");
        assertThat(record.liteLlmUser).isEqualTo("end-user-7");
        assertThat(record.clientIp).isEqualTo("198.51.100.4");
        assertThat(record.messageContents).containsExactly("hello");
        assertThat(record.responseText).isEqualTo("hi");
        assertThat(record.statusText).isEqualTo("success");
        assertThat(record.promptTokens).isEqualTo(12L);
    }

    @Test
    void givenWrongTypes_whenParsed_thenTheFirstOffendingFieldIsNamed() {
        assertThat(parse("{\"request_id\":\"r\",\"timestamp\":\"2026-11-24T00:00:00Z\",\"account_id\":\"a\","
                + "\"request\":{\"temperature\":\"hot\",\"n\":\"2\"},\"response\":{\"status\":200}}")).isNull();
        assertThat(record.badTypeField).isEqualTo("request.temperature");

        assertThat(parse("{\"request_id\":7,\"timestamp\":\"x\",\"account_id\":\"a\"}")).isNull();
        assertThat(record.badTypeField).isEqualTo("request_id");
    }

    @Test
    void givenBrokenJson_whenParsed_thenReasonIsInvalidJson() {
        assertThat(parse("{\"request_id\":\"r\",\"timestamp\":")).isEqualTo(QuarantineReason.INVALID_JSON);
        assertThat(parse("{\"a\":1} trailing")).isEqualTo(QuarantineReason.INVALID_JSON);
        assertThat(parse("not json at all")).isEqualTo(QuarantineReason.INVALID_JSON);
        assertThat(parse("[1,2,3]")).isEqualTo(QuarantineReason.NOT_AN_OBJECT);
    }

    @Test
    void givenInvalidUtf8_whenParsed_thenReasonIsInvalidUtf8() {
        byte[] line = "{\"request_id\":\"r\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[line.length];
        System.arraycopy(line, 0, broken, 0, line.length);
        // Replace the two-byte é by a lone continuation byte and an invalid start byte.
        int at = new String(line, StandardCharsets.ISO_8859_1).indexOf('\u00c3');
        broken[at] = (byte) 0xff;
        broken[at + 1] = (byte) 0xfe;

        assertThat(parser.parse(broken, 0, broken.length, record)).isEqualTo(QuarantineReason.INVALID_UTF8);
    }
}
