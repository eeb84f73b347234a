package io.quarry.randomx.job;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Monero share targets and difficulties, mapped exactly as XMRig and monerod map them.
 *
 * <p>A <em>target</em> here is the 64-bit unsigned value XMRig compares hashes with: a hash meets it when the
 * last 8 bytes of the 32-byte hash, read as a little-endian unsigned integer, are strictly below it (XMRig
 * {@code CpuWorker}: {@code *(uint64_t *)(hash + 24) < job.target()}). Pools send targets as hex of either
 * 4 bytes (the "compact" form, little-endian uint32 {@code t}: difficulty {@code 0xFFFFFFFF / t}, which XMRig
 * widens to the 64-bit target {@code 0xFFFFFFFFFFFFFFFF / (0xFFFFFFFF / t)}) or 8 bytes (the little-endian
 * 64-bit target itself: difficulty {@code 0xFFFFFFFFFFFFFFFF / target}).
 *
 * <p>Blocks are gated by monerod's {@code check_hash}: the hash read as a 256-bit little-endian integer, times
 * the block difficulty, must not exceed {@code 2^256 - 1}.
 */
public final class MoneroDifficulty {

    /** {@code 2^64 - 1} as an unsigned long. */
    public static final long MAX_TARGET = 0xFFFFFFFFFFFFFFFFL;
    private static final long MAX_COMPACT = 0xFFFFFFFFL;
    private static final BigInteger TWO_POW_256 = BigInteger.ONE.shiftLeft(256);
    private static final HexFormat HEX = HexFormat.of();

    private MoneroDifficulty() {
    }

    /**
     * The 64-bit target of a pool's hex target (4 or 8 bytes, little-endian, as XMRig's {@code Job::setTarget}).
     *
     * @throws IllegalArgumentException for other lengths, bad hex, or a zero target
     */
    public static long targetFromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        byte[] raw = parseHex(hex, "target");
        long target;
        if (raw.length == 4) {
            long compact = littleEndian(raw, 0, 4);
            if (compact == 0) {
                throw new IllegalArgumentException("target " + hex + " is zero");
            }
            target = Long.divideUnsigned(MAX_TARGET, MAX_COMPACT / compact);
        } else if (raw.length == 8) {
            target = littleEndian(raw, 0, 8);
        } else {
            throw new IllegalArgumentException("target must be 8 or 16 hex characters, was " + hex.length());
        }
        if (target == 0) {
            throw new IllegalArgumentException("target " + hex + " is zero");
        }
        return target;
    }

    /** XMRig's {@code toDiff}: {@code (2^64 - 1) / target} (unsigned); 0 for a zero target. */
    public static long difficultyOf(long target) {
        return target == 0 ? 0 : Long.divideUnsigned(MAX_TARGET, target);
    }

    /** The 64-bit target of a difficulty: {@code (2^64 - 1) / difficulty} (unsigned), as XMRig's setDiff. */
    public static long targetOf(long difficulty) {
        if (difficulty == 0) {
            throw new IllegalArgumentException("difficulty must be >= 1");
        }
        return Long.divideUnsigned(MAX_TARGET, difficulty);
    }

    /**
     * The hex target to send a miner for {@code difficulty}: the 4-byte compact form (upper 32 bits of the
     * 64-bit target, as xmrig-proxy writes custom difficulties) when it maps back to exactly this difficulty,
     * else the 8-byte form, which every RandomX-capable XMRig reads.
     */
    public static String targetHex(long difficulty) {
        long target = targetOf(difficulty);
        long compact = target >>> 32;
        if (compact != 0 && Long.compareUnsigned(difficulty, MAX_COMPACT) <= 0 && MAX_COMPACT / compact == difficulty) {
            return HEX.formatHex(littleEndianBytes(compact, 4));
        }
        return HEX.formatHex(littleEndianBytes(target, 8));
    }

    /** Whether the last 8 bytes of {@code hash} (little-endian) are strictly below {@code target} (unsigned). */
    public static boolean meetsTarget(byte[] hash, long target) {
        requireHash(hash);
        return Long.compareUnsigned(littleEndian(hash, 24, 8), target) < 0;
    }

    /** The difficulty a hash reaches by XMRig's measure: {@code (2^64 - 1) / last 8 bytes}; max for zero. */
    public static long hashDifficulty(byte[] hash) {
        requireHash(hash);
        long top = littleEndian(hash, 24, 8);
        return top == 0 ? MAX_TARGET : Long.divideUnsigned(MAX_TARGET, top);
    }

    /**
     * monerod's {@code check_hash}: whether {@code hash} (a 256-bit little-endian integer) times
     * {@code difficulty} stays below {@code 2^256}. Difficulty 0 is never met (monerod rejects it).
     */
    public static boolean meetsDifficulty(byte[] hash, BigInteger difficulty) {
        requireHash(hash);
        Objects.requireNonNull(difficulty, "difficulty");
        if (difficulty.signum() <= 0) {
            return false;
        }
        byte[] bigEndian = new byte[33];
        for (int i = 0; i < 32; i++) {
            bigEndian[32 - i] = hash[i];
        }
        return new BigInteger(bigEndian).multiply(difficulty).compareTo(TWO_POW_256) < 0;
    }

    /** {@code length} bytes of {@code bytes} from {@code offset} as a little-endian unsigned value. */
    static long littleEndian(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    static byte[] littleEndianBytes(long value, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    static byte[] parseHex(String hex, String what) {
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException(what + " must have an even number of hex characters, had "
                    + hex.length());
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex: " + e.getMessage());
        }
    }

    private static void requireHash(byte[] hash) {
        Objects.requireNonNull(hash, "hash");
        if (hash.length != 32) {
            throw new IllegalArgumentException("a RandomX hash has 32 bytes, this one " + hash.length);
        }
    }
}
