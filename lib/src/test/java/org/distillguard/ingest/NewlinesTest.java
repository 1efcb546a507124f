package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NewlinesTest {

    @Test
    void givenRandomBytesAtEveryOffsetAndLength_whenCounted_thenTheCountIsThatOfABytewiseLoop() {
        Random random = new Random(11);
        // Bytes next to '\n' in value (0x09, 0x0B, 0x8A) and high bytes are the ones a word-wise test could confuse.
        byte[] alphabet = {'\n', '\n', 0x09, 0x0B, (byte) 0x8A, (byte) 0xFF, 0x00, 'a', '{', (byte) 0x80};
        for (int round = 0; round < 2_000; round++) {
            byte[] buffer = new byte[random.nextInt(70)];
            for (int i = 0; i < buffer.length; i++) {
                buffer[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int offset = buffer.length == 0 ? 0 : random.nextInt(buffer.length);
            int length = random.nextInt(buffer.length - offset + 1);
            long expected = 0;
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    expected++;
                }
            }
            assertThat(Newlines.count(buffer, offset, length)).isEqualTo(expected);
        }
    }

    @Test
    void givenAllNewlinesOrNone_thenEveryOrNoByteCounts() {
        byte[] newlines = new byte[37];
        java.util.Arrays.fill(newlines, (byte) '\n');
        assertThat(Newlines.count(newlines, 0, 37)).isEqualTo(37);
        assertThat(Newlines.count(new byte[37], 0, 37)).isZero();
        assertThat(Newlines.count(newlines, 5, 0)).isZero();
    }
}
