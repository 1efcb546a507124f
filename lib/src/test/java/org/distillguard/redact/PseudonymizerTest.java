package org.distillguard.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
    private static final HmacKey KEY = HmacKey.of("5e0c1f7a9b3d2e8c4a6f0b1d3e5c7a9f");
    private static final HmacKey OTHER_KEY = HmacKey.of("c4a6f0b1d3e5c7a9f5e0c1f7a9b3d2e8");
    private final Pseudonymizer pseudonymizer = new Pseudonymizer(KEY);

    @Test
    void givenValueThenPseudonymIsNamespacePrefixAndTwentyHexChars() {
        assertThat(pseudonymizer.pseudonym("acct", "account-42")).matches("acct_[0-9a-f]{20}");
        assertThat(pseudonymizer.pseudonym("user", "u-1")).matches("user_[0-9a-f]{20}");
    }

    @Test
    void givenValueThenPseudonymIsTheHmacOfNamespaceNulValue() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("5e0c1f7a9b3d2e8c4a6f0b1d3e5c7a9f".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("key\u0000sk-123".getBytes(StandardCharsets.UTF_8))).substring(0, 20);
        assertThat(pseudonymizer.pseudonym("key", "sk-123")).isEqualTo("key_" + expected);
    }

    @Test
    void givenValueThenPseudonymIsNotAPlainSha256() throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String plain = HexFormat.of().formatHex(sha256.digest("account-42".getBytes(StandardCharsets.UTF_8)));
        String prefixed = HexFormat.of().formatHex(sha256.digest("acct\u0000account-42".getBytes(StandardCharsets.UTF_8)));
        String pseudonym = pseudonymizer.pseudonym("acct", "account-42").substring("acct_".length());
        assertThat(plain).doesNotStartWith(pseudonym);
        assertThat(prefixed).doesNotStartWith(pseudonym);
    }

    @Test
    void givenSameKeyThenDeterministicAndGivenOtherKeyThenDifferent() {
        assertThat(pseudonymizer.pseudonym("acct", "account-42")).isEqualTo(new Pseudonymizer(KEY).pseudonym("acct", "account-42"));
        assertThat(new Pseudonymizer(OTHER_KEY).pseudonym("acct", "account-42"))
                .isNotEqualTo(pseudonymizer.pseudonym("acct", "account-42"));
    }

    @Test
    void givenSameValueInOtherNamespacesThenPseudonymsDiffer() {
        List<String> hexParts = List.of("acct", "key", "ip", "net", "pay", "user").stream()
                .map(namespace -> pseudonymizer.pseudonym(namespace, "same-value"))
                .map(pseudonym -> pseudonym.substring(pseudonym.indexOf('_') + 1))
                .toList();
        assertThat(hexParts).doesNotHaveDuplicates();
    }

    @Test
    void givenNullValueThenNull() {
        assertThat(pseudonymizer.pseudonym("acct", null)).isNull();
        assertThat(pseudonymizer.networkPseudonym("not an ip")).isNull();
    }

    @Test
    void givenInvalidNamespaceThenRejected() {
        assertThatThrownBy(() -> pseudonymizer.pseudonym("Account Id", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid pseudonym namespace: 'Account Id' (expected 1 to 16 lower-case letters or digits, e.g. acct)");
    }

    @Test
    void givenNamespacesAtTheEdgesOfTheRule_thenOnlyLowerCaseLettersAndDigitsStartingWithALetterUpToSixteenPass() {
        List<String> valid = List.of("a", "acct", "ip", "net", "k9", "abcdefghijklmnop", "z0123456789abcde");
        List<String> invalid = List.of("", "9a", "_a", "Acct", "acCt", "a-b", "a b", "abcdefghijklmnopq", "é", "aé",
                "a\u0000", "a{", "a/", "a:", "`a");
        assertThat(valid).allMatch(Pseudonymizer::validNamespace);
        assertThat(invalid).noneMatch(Pseudonymizer::validNamespace);
        for (String namespace : invalid) {
            assertThatThrownBy(() -> pseudonymizer.pseudonym(namespace, "x")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void givenSerializedPseudonymizerThenSamePseudonyms() throws Exception {
        Pseudonymizer copy = HmacKeyTest.roundTrip(pseudonymizer);
        assertThat(copy.pseudonym("ip", "198.51.100.7")).isEqualTo(pseudonymizer.pseudonym("ip", "198.51.100.7"));
    }

    @Test
    void givenManyThreadsThenEachGetsTheSamePseudonyms() throws Exception {
        String expected = pseudonymizer.pseudonym("acct", "account-7");
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> results = executor.invokeAll(List.of(
                    () -> allEqual(expected), () -> allEqual(expected), () -> allEqual(expected)));
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    private boolean allEqual(String expected) {
        for (int i = 0; i < 2000; i++) {
            pseudonymizer.pseudonym("acct", "other-" + i);
            if (!pseudonymizer.pseudonym("acct", "account-7").equals(expected)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void givenIpv4ThenSlash24() {
        assertThat(pseudonymizer.ipPrefix("203.0.113.45")).isEqualTo("203.0.113.0/24");
        assertThat(pseudonymizer.ipPrefix("0.0.0.0")).isEqualTo("0.0.0.0/24");
        assertThat(pseudonymizer.ipPrefix(" 10.1.2.3 ")).isEqualTo("10.1.2.0/24");
    }

    @Test
    void givenIpv6ThenCanonicalSlash48() {
        assertThat(pseudonymizer.ipPrefix("2001:0DB8:abcd:0012:0000:0000:0000:0001")).isEqualTo("2001:db8:abcd::/48");
        assertThat(pseudonymizer.ipPrefix("2001:db8::1")).isEqualTo("2001:db8::/48");
        assertThat(pseudonymizer.ipPrefix("::1")).isEqualTo("::/48");
        assertThat(pseudonymizer.ipPrefix("fe80::1%eth0")).isEqualTo("fe80::/48");
        assertThat(pseudonymizer.ipPrefix("[2606:4700:4700::1111]")).isEqualTo("2606:4700:4700::/48");
        assertThat(pseudonymizer.ipPrefix("2001:0:0:1::")).isEqualTo("2001::/48");
        assertThat(pseudonymizer.ipPrefix("64:ff9b::192.0.2.33")).isEqualTo("64:ff9b::/48");
    }

    @Test
    void givenIpv4MappedIpv6ThenTheIpv4Slash24() {
        assertThat(pseudonymizer.ipPrefix("::ffff:203.0.113.45")).isEqualTo("203.0.113.0/24");
        assertThat(pseudonymizer.ipPrefix("::FFFF:cb00:712d")).isEqualTo("203.0.113.0/24");
        assertThat(pseudonymizer.ipPrefix("0:0:0:0:0:ffff:203.0.113.45")).isEqualTo("203.0.113.0/24");
    }

    @Test
    void givenInvalidAddressesThenNull() {
        assertThat(List.of("", "localhost", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3",
                "2001:db8::1::2", "2001:db8:::1", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", ":1::",
                "::ffff:1.2.3.256", "1.2.3.4::", "g::1", "1:2:3:4:5:6:7::8"))
                .allSatisfy(address -> assertThat(pseudonymizer.ipPrefix(address)).as(address).isNull());
        assertThat(pseudonymizer.ipPrefix(null)).isNull();
    }
}
