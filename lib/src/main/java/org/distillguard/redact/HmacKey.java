package org.distillguard.redact;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's key for pseudonymizing identifiers with HMAC-SHA256. Its bytes never leave this class except into a
 * {@link Mac}; {@link #toString()} and every exception message leave them out. Serializable so Spark can ship it to
 * executors.
 */
public final class HmacKey implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String ENVIRONMENT_VARIABLE = "DISTILLGUARD_HMAC_KEY";
    /** The placeholder shown in the documentation; a key equal to it is weak. */
    public static final String DOCUMENTED_EXAMPLE = "change-me-to-a-long-random-value";
    public static final int MIN_BYTES = 16;
    public static final int RECOMMENDED_BYTES = 32;
    public static final double MIN_BITS_PER_BYTE = 3.0;
    static final String ALGORITHM = "HmacSHA256";
    private static final String ADVICE = "Set " + ENVIRONMENT_VARIABLE
            + " or pass --hmac-key-file FILE with a random value, e.g. from 'openssl rand -hex 32'.";

    private final byte[] key;
    /** One initialized {@link Mac} per thread, made on first use (and again after deserialization). */
    private transient volatile ThreadLocal<Mac> threadMacs;

    private HmacKey(byte[] key) {
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("Invalid HMAC key: too short (" + key.length + " bytes; expected at least "
                    + MIN_BYTES + "). " + ADVICE);
        }
        this.key = key;
    }

    /** A key of the given bytes (copied). */
    public static HmacKey of(byte[] key) {
        requireNonNull(key, "key is null");
        return new HmacKey(key.clone());
    }

    /** The UTF-8 bytes of {@code value} as the key, used as is (a hex string is not decoded). */
    public static HmacKey of(String value) {
        requireNonNull(value, "value is null");
        return new HmacKey(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The key in {@value #ENVIRONMENT_VARIABLE} of {@code environment} (pass {@code System.getenv()}). */
    public static HmacKey fromEnvironment(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("Cannot pseudonymize identifiers: no HMAC key is configured. " + ADVICE);
        }
        return of(value);
    }

    /** The key in {@code file}, without one trailing newline ({@code \n} or {@code \r\n}). */
    public static HmacKey fromFile(Path file) {
        requireNonNull(file, "file is null");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        }
        catch (IOException e) {
            // The exception message names the file and the reason only; it cannot contain the key.
            throw new IllegalStateException("Cannot read HMAC key file " + file + ": " + e.getClass().getSimpleName()
                    + ". " + ADVICE, e);
        }
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\n') {
            length--;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
        }
        byte[] key = Arrays.copyOf(bytes, length);
        Arrays.fill(bytes, (byte) 0);
        return new HmacKey(key);
    }

    /** A random key for demos and tests; pseudonyms made with it cannot be reproduced later. */
    public static HmacKey ephemeral(SecureRandom random) {
        requireNonNull(random, "random is null");
        byte[] key = new byte[RECOMMENDED_BYTES];
        random.nextBytes(key);
        return new HmacKey(key);
    }

    public int length() {
        return key.length;
    }

    /** Whether {@link #weaknesses()} finds anything. */
    public boolean isWeak() {
        return !weaknesses().isEmpty();
    }

    /** Why this key is weak, one line each (none of them shows the key); empty for a good key. */
    public List<String> weaknesses() {
        List<String> weaknesses = new ArrayList<>();
        if (MessageDigest.isEqual(key, DOCUMENTED_EXAMPLE.getBytes(StandardCharsets.UTF_8))) {
            weaknesses.add("the HMAC key is the documented example value; replace it with a random value");
        }
        if (key.length < RECOMMENDED_BYTES) {
            weaknesses.add("the HMAC key has " + key.length + " bytes (expected at least " + RECOMMENDED_BYTES + ")");
        }
        double bitsPerByte = ShannonEntropy.bitsPerByte(key);
        if (bitsPerByte < MIN_BITS_PER_BYTE) {
            weaknesses.add(String.format(java.util.Locale.ROOT,
                    "the HMAC key has low entropy (%.2f bits per character; expected at least %.1f)", bitsPerByte,
                    MIN_BITS_PER_BYTE));
        }
        return List.copyOf(weaknesses);
    }

    /** HMAC-SHA256 of {@code message} under this key (for signing files; the key itself never leaves). */
    public byte[] sign(byte[] message) {
        requireNonNull(message, "message is null");
        return newMac().doFinal(message);
    }

    /**
     * This thread's HMAC-SHA256 {@link Mac} under this key, reused across calls: pseudonyms and fingerprints are
     * computed for every record, so the Mac is not rebuilt each time. Callers must finish with {@code doFinal}.
     */
    Mac threadMac() {
        ThreadLocal<Mac> current = threadMacs;
        if (current == null) {
            synchronized (this) {
                current = threadMacs;
                if (current == null) {
                    current = ThreadLocal.withInitial(this::newMac);
                    threadMacs = current;
                }
            }
        }
        return current.get();
    }

    /** A new HMAC-SHA256 {@link Mac} initialized with this key. */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Cannot initialize " + ALGORITHM + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (key == null || key.length < MIN_BYTES) {
            throw new InvalidObjectException("Invalid HMAC key: too short (expected at least " + MIN_BYTES + " bytes)");
        }
    }

    @Override
    public String toString() {
        return "HmacKey[redacted]";
    }
}
