package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Rfc3339Test {

    private static Instant iso(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void readsTheCommonShapes() {
        assertThat(Rfc3339.parseStrict("2026-11-20T08:15:02Z")).isEqualTo(Instant.parse("2026-11-20T08:15:02Z"));
        assertThat(Rfc3339.parseStrict("2026-11-20T08:15:02.123Z")).isEqualTo(Instant.parse("2026-11-20T08:15:02.123Z"));
        assertThat(Rfc3339.parseStrict("2026-11-20T23:30:00.5-05:30"))
                .isEqualTo(Instant.parse("2026-11-21T05:00:00.500Z"));
        assertThat(Rfc3339.parseStrict("2024-02-29T00:00:00.000000001+14:00"))
                .isEqualTo(Instant.parse("2024-02-28T10:00:00.000000001Z"));
    }

    @Test
    void leavesEverythingOutsideTheStrictShapeToTheFormatter() {
        for (String text : new String[] {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-20T24:00:00Z",
                "2026-11-20T08:15:60Z", "2026-11-20t08:15:02Z", "2026-11-20T08:15:02z", "2026-11-20T08:15Z",
                "2026-11-20T08:15:02", "2026-11-20T08:15:02.Z", "2026-11-20T08:15:02.1234567891Z",
                "2026-11-20T08:15:02+18:01", "2026-11-20T08:15:02+05:60", "2026-11-20T08:15:02+0530",
                "2026-11-20T08:15:02+05:30:00", "2026-11-20 08:15:02Z", "+12026-11-20T08:15:02Z", "2026-1-20T08:15:02Z",
                "2026-11-20T08:15:02ZZ", "２０２６-11-20T08:15:02Z"}) {
            assertThat(Rfc3339.parseStrict(text)).as(text).isNull();
        }
        // Some of those are still valid ISO timestamps, read by the fallback.
        assertThat(EventBuilder.parseInstant("2026-11-20t08:15:02z", true)).isEqualTo(Instant.parse("2026-11-20T08:15:02Z"));
        assertThat(EventBuilder.parseInstant("2026-11-20T08:15Z", true)).isEqualTo(Instant.parse("2026-11-20T08:15:00Z"));
        assertThat(EventBuilder.parseInstant("2026-02-29T00:00:00Z", true)).isNull();
    }

    @Test
    void agreesWithTheIsoFormatterOnRandomAndMutatedTimestamps() {
        Random random = new Random(42);
        String alphabet = "0123456789-:T.Z+ zt";
        int fastPath = 0;
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-62_000_000_000L, 253_000_000_000L);
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            OffsetDateTime time = Instant.ofEpochSecond(seconds, nanos)
                    .atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            String text = time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            if (random.nextInt(3) == 0) {
                char[] chars = text.toCharArray();
                chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                text = new String(chars);
            }
            Instant fast = Rfc3339.parseStrict(text);
            if (fast != null) {
                fastPath++;
                assertThat(fast).as(text).isEqualTo(iso(text));
            }
        }
        assertThat(fastPath).isGreaterThan(100_000);
    }
}
