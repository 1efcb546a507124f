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
    void givenATooLargeLine_whenProcessed_thenNoIdIsYielded() {
        byte[] line = "{\"request_id\": \"big\"}".getBytes(StandardCharsets.UTF_8);
        RequestIdScanner scanner = new RequestIdScanner();

        assertThat(scanner.process(line, 0, line.length, true, "f", 1)).isNull();
        assertThat(scanner.process(line, 0, line.length, false, "f", 1).getString(0)).isEqualTo("big");
    }

    private static String id(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return RequestIdScanner.requestId(bytes, 0, bytes.length);
    }
}
