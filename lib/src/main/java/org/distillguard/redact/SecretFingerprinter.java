package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * Non-reversible fingerprints of secrets found in logs, so the same leaked value can be counted once and matched
 * against a provider's own list of issued or revoked credentials without either side revealing it:
 *
 * <pre>fingerprint = lower-case hex of HMAC-SHA256(key, UTF-8("secret" + U+0000 + ruleId + U+0000 + value))</pre>
 *
 * <p>The key is the operator's pseudonymization key; {@code secret} is a namespace no pseudonym uses. 64 hex
 * characters, the whole digest. Thread-safe and {@link Serializable}: only the key is shipped; each thread keeps its
 * own {@link Mac}.
 */
public final class SecretFingerprinter implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String NAMESPACE = "secret";
    public static final int HEX_CHARS = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final HmacKey key;

    public SecretFingerprinter(HmacKey key) {
        this.key = requireNonNull(key, "key is null");
    }

    /** The fingerprint of {@code value} found by rule {@code ruleId}. */
    public String fingerprint(String ruleId, String value) {
        requireNonNull(ruleId, "ruleId is null");
        requireNonNull(value, "value is null");
        Mac mac = key.threadMac();
        mac.update(NAMESPACE.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(ruleId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[HEX_CHARS];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >>> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * The last four letters or digits of {@code value}, as the redaction marker shows them for rules with
     * {@link SecretRule#keepLastFour()}; fewer when the value has fewer.
     */
    public static String lastFour(String value) {
        requireNonNull(value, "value is null");
        char[] lastFour = new char[4];
        int found = 0;
        for (int i = value.length() - 1; i >= 0 && found < 4; i--) {
            char c = value.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                lastFour[3 - found++] = c;
            }
        }
        return new String(lastFour, 4 - found, found);
    }


    @Override
    public String toString() {
        return "SecretFingerprinter[" + key + "]";
    }
}
