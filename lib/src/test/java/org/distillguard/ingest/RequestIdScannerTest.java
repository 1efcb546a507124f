package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestIdScannerTest {

    @Test
    void givenLines_whenScanned_thenOnlyTheTopLevelStringRequestIdIsTaken() {
        assertThat(id("{\"request\": {\"request_id\": \"nested\"}, \"request_id\": \"top\"}")).isEqualTo("top");
        assertThat(id("{\"a\": [1, {\"b\": 2}], \"request_id\": \"after \\\"escaped\\\" \\u00e9\"}")).isEqualTo("after \"escaped\" é");
        assertThat(id("{\"request_id\": 42}")).isNull();
        assertThat(id("{\"request\": {\"request_id\": \"nested only\"}}")).isNull();
        assertThat(id("[\"request_id\", \"x\"]")).isNull();
        assertThat(id("{\"request_id\": \"cut")).isNull();
        assertThat(id("not json")).isNull();
    }

    @Test
    void givenLinesThatStartWithTheId_whenScanned_thenTheShortcutAgreesWithTheParserOrStandsAside() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "abcXYZ019_-.:/ \"\\\u00e9\u4e2d\t\u0001\u007f";
        String[] tails = {"}", ", \"timestamp\": \"2026-11-23T00:00:00Z\"}", "", " garbage", "\n"};
        int shortcuts = 0;
        for (int round = 0; round < 5_000; round++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                id.append(random.nextInt(4) == 0 ? c : (char) ('a' + random.nextInt(26)));
            }
            String line = "{\"request_id\":\"" + id + (random.nextInt(10) == 0 ? "" : "\"") + tails[random.nextInt(tails.length)];
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            String shortcut = RequestIdScanner.plainFirstField(bytes, 0, bytes.length);
            String full = RequestIdScanner.requestId(bytes, 0, bytes.length);
            if (shortcut != null) {
                shortcuts++;
                assertThat(shortcut).as(line).isEqualTo(full);
            }
        }
        assertThat(shortcuts).isBetween(1_000, 4_900);
        byte[] escaped = bytes("{\"request_id\":\"a\\\"b\"}");
        assertThat(RequestIdScanner.plainFirstField(escaped, 0, escaped.length)).isNull();
        assertThat(id("{\"request_id\":\"a\\\"b\"}")).isEqualTo("a\"b");
        byte[] spaced = bytes("{\"request_id\": \"spaced\"}");
        assertThat(RequestIdScanner.plainFirstField(spaced, 0, spaced.length)).isNull();
        String longest = "x".repeat(RequestIdScanner.MAX_PLAIN_ID_BYTES);
        byte[] atLimit = bytes("{\"request_id\":\"" + longest + "\"}");
        byte[] overLimit = bytes("{\"request_id\":\"" + longest + "y\"}");
        assertThat(RequestIdScanner.plainFirstField(atLimit, 0, atLimit.length)).isEqualTo(longest);
        assertThat(RequestIdScanner.plainFirstField(overLimit, 0, overLimit.length)).isNull();
        assertThat(id("{\"request_id\":\"" + longest + "y\"}")).isEqualTo(longest + "y");
        assertThat(id("{\"request_id\": \"spaced\"}")).isEqualTo("spaced");
        assertThat(id("{\"request_id\":\"caf\u00e9\"}")).isEqualTo("caf\u00e9");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenATooLargeLine_whenProcessed_thenNoIdIsYielded() {
        byte[] line = "{\"request_id\": \"big\"}".getBytes(StandardCharsets.UTF_8);
        RequestIdScanner scanner = new RequestIdScanner();

        assertThat(scanner.process(line, 0, line.length, true, "f", 1)).isNull();
        assertThat(scanner.process(line, 0, line.length, false, "f", 1).getUTF8String(0).toString()).isEqualTo("big");
    }

    private static String id(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return RequestIdScanner.requestId(bytes, 0, bytes.length);
    }
}
