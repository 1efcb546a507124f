package org.distillguard.features;

/** 64-bit hashing for tokens and shingles: FNV-1a over characters, finished with the MurmurHash3 mixer. */
public final class TextHashing {

    public static final long FNV_OFFSET = 0xcbf29ce484222325L;
    public static final long FNV_PRIME = 0x100000001b3L;

    private TextHashing() {}

    /** MurmurHash3's 64-bit finalizer: spreads every input bit over the whole output. */
    public static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Continues an FNV-1a hash with one character. */
    public static long step(long hash, char c) {
        return (hash ^ c) * FNV_PRIME;
    }

    /** Combines an ordered pair of hashes into one. */
    public static long combine(long first, long second) {
        return mix(first * 0x9E3779B97F4A7C15L + second);
    }
}
