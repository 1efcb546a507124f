package org.distillguard.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmacKeyTest {
    private static final String GOOD_KEY = "3f9a1c7e5b2d8f4a6c0e9b7d5f3a1c8e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a";
    private static final String ADVICE = "Set DISTILLGUARD_HMAC_KEY or pass --hmac-key-file FILE with a random value, "
            + "e.g. from 'openssl rand -hex 32'.";

    @TempDir
    Path directory;

    @Test
    void givenKeyInEnvironmentThenItIsLoaded() {
        HmacKey key = HmacKey.fromEnvironment(Map.of("DISTILLGUARD_HMAC_KEY", GOOD_KEY));
        assertThat(key.length()).isEqualTo(64);
        assertThat(key.isWeak()).isFalse();
    }

    @Test
    void givenNoKeyInEnvironmentThenTheMessageSaysHowToProvideOne() {
        assertThatThrownBy(() -> HmacKey.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot pseudonymize identifiers: no HMAC key is configured. " + ADVICE);
        assertThatThrownBy(() -> HmacKey.fromEnvironment(Map.of("DISTILLGUARD_HMAC_KEY", "")))
                .hasMessageContaining(ADVICE);
    }

    @Test
    void givenShortKeyThenRejectedWithLengthButWithoutTheKey() {
        String shortKey = "s3cr3t-short";
        assertThatThrownBy(() -> HmacKey.fromEnvironment(Map.of("DISTILLGUARD_HMAC_KEY", shortKey)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid HMAC key: too short (12 bytes; expected at least 16). " + ADVICE)
                .hasMessageNotContaining(shortKey);
    }

    @Test
    void givenKeyFileWithTrailingNewlineThenTheNewlineIsNotPartOfTheKey() throws Exception {
        Path lf = Files.writeString(directory.resolve("lf"), GOOD_KEY + "\n");
        Path crlf = Files.writeString(directory.resolve("crlf"), GOOD_KEY + "\r\n");
        Path bare = Files.writeString(directory.resolve("bare"), GOOD_KEY);
        HmacKey expected = HmacKey.of(GOOD_KEY);
        for (Path file : new Path[] {lf, crlf, bare}) {
            HmacKey key = HmacKey.fromFile(file);
            assertThat(key.length()).isEqualTo(64);
            assertThat(new Pseudonymizer(key).pseudonym("acct", "a1")).isEqualTo(new Pseudonymizer(expected).pseudonym("acct", "a1"));
        }
    }

    @Test
    void givenMissingKeyFileThenTheMessageNamesTheFileAndTheAdvice() {
        Path missing = directory.resolve("missing-key");
        assertThatThrownBy(() -> HmacKey.fromFile(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot read HMAC key file " + missing + ": ")
                .hasMessageEndingWith(ADVICE);
    }

    @Test
    void givenShortKeyFileThenRejectedWithoutTheKey() throws Exception {
        Path file = Files.writeString(directory.resolve("short"), "tooshortkey\n");
        assertThatThrownBy(() -> HmacKey.fromFile(file))
                .hasMessageStartingWith("Invalid HMAC key: too short (11 bytes; expected at least 16).")
                .hasMessageNotContaining("tooshortkey");
    }

    @Test
    void givenAnyKeyThenToStringIsRedacted() {
        HmacKey key = HmacKey.of(GOOD_KEY);
        assertThat(key).hasToString("HmacKey[redacted]");
        assertThat(new Pseudonymizer(key).toString()).doesNotContain(GOOD_KEY).contains("redacted");
    }

    @Test
    void givenWeakKeysThenEachWeaknessIsReportedWithoutTheKey() {
        HmacKey example = HmacKey.of(HmacKey.DOCUMENTED_EXAMPLE);
        assertThat(example.isWeak()).isTrue();
        assertThat(example.weaknesses()).anySatisfy(weakness -> assertThat(weakness).contains("documented example"));

        HmacKey short20 = HmacKey.of("q8Zr2LxV0pWn4TjY6sKc");
        assertThat(short20.weaknesses()).containsExactly("the HMAC key has 20 bytes (expected at least 32)");

        HmacKey repetitive = HmacKey.of("abababababababababababababababababababab");
        assertThat(repetitive.weaknesses()).singleElement().asString().startsWith("the HMAC key has low entropy (1.00 bits");

        assertThat(example.weaknesses()).allSatisfy(weakness -> assertThat(weakness).doesNotContain(HmacKey.DOCUMENTED_EXAMPLE));
    }

    @Test
    void givenEphemeralKeyThenItIsStrongAndDiffersEachTime() {
        SecureRandom random = new SecureRandom();
        HmacKey first = HmacKey.ephemeral(random);
        HmacKey second = HmacKey.ephemeral(random);
        assertThat(first.isWeak()).isFalse();
        assertThat(new Pseudonymizer(first).pseudonym("acct", "a")).isNotEqualTo(new Pseudonymizer(second).pseudonym("acct", "a"));
    }

    @Test
    void givenSerializedKeyThenItStillPseudonymizesTheSame() throws Exception {
        HmacKey key = HmacKey.of(GOOD_KEY);
        HmacKey copy = roundTrip(key);
        assertThat(new Pseudonymizer(copy).pseudonym("ip", "203.0.113.9")).isEqualTo(new Pseudonymizer(key).pseudonym("ip", "203.0.113.9"));
    }

    @Test
    void givenBytesThenTheyAreCopied() {
        byte[] bytes = GOOD_KEY.getBytes(StandardCharsets.UTF_8);
        HmacKey key = HmacKey.of(bytes);
        String before = new Pseudonymizer(key).pseudonym("acct", "x");
        bytes[0] ^= 1;
        assertThat(new Pseudonymizer(key).pseudonym("acct", "x")).isEqualTo(before);
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
