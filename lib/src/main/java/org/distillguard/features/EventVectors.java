package org.distillguard.features;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The vector part of an account-day's state: requests per hour of day, the MinHash minima of its prompts and the
 * prompts per capability. A Java bean so that Spark encodes it as a struct of three arrays. The day's aggregation
 * keeps more in one buffer ({@link DayVectors}); the window merge reads and keeps these three.
 */
public class EventVectors implements Serializable {

    private static final long serialVersionUID = 1L;

    private long[] hours;
    private int[] signature;
    private long[] capabilities;

    /** For the encoder. */
    public EventVectors() {}

    EventVectors(int capabilityCount) {
        this.hours = new long[24];
        this.signature = new int[PromptAnalyzer.SIGNATURE_SIZE];
        Arrays.fill(signature, PromptAnalyzer.EMPTY_BIN);
        this.capabilities = new long[capabilityCount];
    }

    public long[] getHours() {
        return hours;
    }

    public void setHours(long[] hours) {
        this.hours = hours;
    }

    public int[] getSignature() {
        return signature;
    }

    public void setSignature(int[] signature) {
        this.signature = signature;
    }

    public long[] getCapabilities() {
        return capabilities;
    }

    public void setCapabilities(long[] capabilities) {
        this.capabilities = capabilities;
    }
}
