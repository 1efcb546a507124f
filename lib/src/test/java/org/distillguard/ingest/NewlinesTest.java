package org.distillguard.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NewlinesTest {

    @Test
    void givenRandomBytesAtEveryOffsetAndLength_whenCountedAndSearched_thenTheAnswersAreThoseOfABytewiseLoop() {
        Random random = new Random(11);
        // Bytes next to '\n' in value (0x09, 0x0B, 0x8A) and high bytes are the ones a word-wise test could confuse.
        byte[] alphabet = {0x09, 0x0B, (byte) 0x8A, (byte) 0xFF, 0x00, 'a', '{', (byte) 0x80};
        double[] newlineShares = {0.0, 0.02, 0.3};
        for (int round = 0; round < 3_000; round++) {
            byte[] buffer = new byte[random.nextInt(70)];
            double share = newlineShares[round % newlineShares.length];
            for (int i = 0; i < buffer.length; i++) {
                buffer[i] = random.nextDouble() < share ? (byte) '\n' : alphabet[random.nextInt(alphabet.length)];
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
            int first = -1;
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    first = i;
                    break;
                }
            }
            assertThat(Newlines.indexOf(buffer, offset, offset + length)).isEqualTo(first);
        }
    }

    @Test
    void givenAllNewlinesOrNone_thenEveryOrNoByteCounts() {
        byte[] newlines = new byte[37];
        java.util.Arrays.fill(newlines, (byte) '\n');
        assertThat(Newlines.count(newlines, 0, 37)).isEqualTo(37);
        assertThat(Newlines.count(new byte[37], 0, 37)).isZero();
        assertThat(Newlines.count(newlines, 5, 0)).isZero();
        assertThat(Newlines.indexOf(newlines, 9, 37)).isEqualTo(9);
        assertThat(Newlines.indexOf(new byte[37], 0, 37)).isEqualTo(-1);
        assertThat(Newlines.indexOf(newlines, 5, 5)).isEqualTo(-1);
    }
}
