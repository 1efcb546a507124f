package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * Replaces identifiers with keyed pseudonyms: {@code <namespace>_<first 20 hex chars of HMAC-SHA256(key, namespace
 * + NUL + value)>}, 80 bits. The same key gives the same pseudonym for the same value, so accounts can be joined
 * across days, but without the key a pseudonym cannot be reversed by hashing candidate values.
 *
 * <p>Thread-safe and {@link Serializable}: only the key is shipped; each thread keeps its own {@link Mac}.
 */
public final class Pseudonymizer implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String ACCOUNT = "acct";
    public static final String API_KEY = "key";
    public static final String IP_ADDRESS = "ip";
    public static final String NETWORK = "net";
    public static final String PAYMENT = "pay";
    public static final String USER = "user";
    public static final int HEX_CHARS = 20;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final HmacKey key;

    public Pseudonymizer(HmacKey key) {
        this.key = requireNonNull(key, "key is null");
    }

    /** The pseudonym of {@code value} in {@code namespace}; null stays null. */
    public String pseudonym(String namespace, String value) {
        requireNonNull(namespace, "namespace is null");
        if (!validNamespace(namespace)) {
            throw new IllegalArgumentException(
                    "Invalid pseudonym namespace: '" + namespace + "' (expected 1 to 16 lower-case letters or digits, e.g. acct)");
        }
        if (value == null) {
            return null;
        }
        Mac mac = key.threadMac();
        mac.update(namespace.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[namespace.length() + 1 + HEX_CHARS];
        namespace.getChars(0, namespace.length(), out, 0);
        int position = namespace.length();
        out[position++] = '_';
        for (int i = 0; i < HEX_CHARS / 2; i++) {
            out[position++] = HEX[(digest[i] >>> 4) & 0xf];
            out[position++] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    /** Whether {@code namespace} is 1 to 16 lower-case letters or digits, starting with a letter (checked per call). */
    static boolean validNamespace(String namespace) {
        int length = namespace.length();
        if (length < 1 || length > 16 || namespace.charAt(0) < 'a' || namespace.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = namespace.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** The /24 (IPv4) or /48 (IPv6) network of {@code ip} in canonical form, or null if it is not an IP address. */
    public String ipPrefix(String ip) {
        return IpPrefix.of(ip);
    }

    /** The pseudonym of the network prefix of {@code ip} in the {@value #NETWORK} namespace, or null if it is not an IP. */
    public String networkPseudonym(String ip) {
        return pseudonym(NETWORK, IpPrefix.of(ip));
    }


    @Override
    public String toString() {
        return "Pseudonymizer[" + key + "]";
    }
}
