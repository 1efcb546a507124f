package org.distillguard.redact;
/** TEMPORARY stand-in. */
public final class HmacKey implements java.io.Serializable {
    public static final String ENVIRONMENT_VARIABLE = "DISTILLGUARD_HMAC_KEY";
    public static HmacKey fromFile(java.nio.file.Path p) { return new HmacKey(); }
    public static HmacKey fromEnvironment(java.util.Map<String, String> env) { return new HmacKey(); }
    public static HmacKey ephemeral(java.security.SecureRandom r) { return new HmacKey(); }
}
