package io.quarry.randomx.hashing;

/**
 * The 64-bit share target Monero miners compare against: the last 8 bytes of the 32-byte hash, read as an
 * unsigned little-endian integer, must be below the target; a difficulty {@code d} corresponds to the target
 * {@code (2^64 - 1) / d} (the convention of Monero Stratum pools and XMRig). Block-level checks use the full
 * 256-bit difficulty and live with the daemon code.
 */
public final class HashTarget {

    private HashTarget() {
    }

    /** The hash's last 8 bytes as an unsigned little-endian value (in a long). */
    public static long value(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a RandomX hash has 32 bytes, was " + hash.length);
        }
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (hash[24 + i] & 0xFFL);
        }
        return value;
    }

    /** Whether {@code hash} meets {@code target64}, both unsigned. */
    public static boolean meets(byte[] hash, long target64) {
        return Long.compareUnsigned(value(hash), target64) < 0;
    }

    /** The target for a difficulty (>= 1): {@code (2^64 - 1) / difficulty}, unsigned. */
    public static long fromDifficulty(long difficulty) {
        if (difficulty < 1) {
            throw new IllegalArgumentException("difficulty must be >= 1, was " + difficulty);
        }
        return Long.divideUnsigned(-1L, difficulty);
    }

    /** The difficulty a target stands for: {@code (2^64 - 1) / target}; a zero target counts as impossible. */
    public static long toDifficulty(long target64) {
        return target64 == 0 ? -1L : Long.divideUnsigned(-1L, target64);
    }
}
