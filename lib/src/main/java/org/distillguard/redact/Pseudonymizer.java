package org.distillguard.redact;

import java.io.Serializable;

/** TEMPORARY stand-in until the pseudonymizer lands. */
public final class Pseudonymizer implements Serializable {
    public Pseudonymizer(HmacKey key) {}
    public String pseudonym(String namespace, String value) { return value == null ? null : namespace + "_" + Integer.toHexString(value.hashCode()); }
    public String ipPrefix(String ip) { return ip; }
}
