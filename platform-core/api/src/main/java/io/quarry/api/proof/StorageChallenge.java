package io.quarry.api.proof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A challenge to prove storage: a 32-byte seed drawn from chain randomness that did not exist before the
 * challenged block (so answers cannot be computed in advance), and how many leaves to open.
 *
 * <p>Which leaves: sample {@code i} (0-based) of a tree with root {@code root} and {@code leafCount} leaves opens
 * leaf {@link #sampleIndex(byte[], int, long) sampleIndex(root, i, leafCount)}: the first 8 bytes, big-endian,
 * of {@code SHA3-256("quarry:storage-proof:sample:v1" || seed || root || i as 4 bytes big-endian)}, modulo
 * {@code leafCount} (a power of two, so the reduction is unbiased). The indices depend on the root, so a source
 * must commit to its data before it learns which leaves it has to show.
 *
 * @param seed the 32-byte challenge seed
 * @param samples how many leaves to open, 1 to {@value #MAX_SAMPLES}
 */
public record StorageChallenge(byte[] seed, int samples) {

    /** Length of the seed. */
    public static final int SEED_LENGTH = 32;
    /** Most samples a challenge asks for. */
    public static final int MAX_SAMPLES = 64;

    private static final byte[] SAMPLE_TAG = "quarry:storage-proof:sample:v1".getBytes(StandardCharsets.US_ASCII);

    /** Checks the seed length and the sample count, and keeps a copy of the seed. */
    public StorageChallenge {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("a challenge seed is 32 bytes, was " + seed.length);
        }
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("samples must be in [1, " + MAX_SAMPLES + "], was " + samples);
        }
        seed = seed.clone();
    }

    /** A copy of the seed. */
    @Override
    public byte[] seed() {
        return seed.clone();
    }

    /**
     * The leaf that sample {@code i} opens in a tree with {@code root} and {@code leafCount} leaves; see the class
     * comment.
     *
     * @throws IllegalArgumentException when {@code leafCount} is not a power of two or {@code i} is out of range
     */
    public long sampleIndex(byte[] root, int i, long leafCount) {
        Objects.requireNonNull(root, "root");
        if (leafCount < 1 || Long.bitCount(leafCount) != 1) {
            throw new IllegalArgumentException("leafCount must be a power of two, was " + leafCount);
        }
        if (i < 0 || i >= samples) {
            throw new IllegalArgumentException("sample " + i + " is outside [0, " + samples + ")");
        }
        MessageDigest sha3 = StorageProof.sha3();
        sha3.update(SAMPLE_TAG);
        sha3.update(seed);
        sha3.update(root);
        sha3.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
        byte[] digest = sha3.digest();
        long value = 0;
        for (int b = 0; b < 8; b++) {
            value = (value << 8) | (digest[b] & 0xff);
        }
        return value & (leafCount - 1);
    }

    static MessageDigest newSha3() {
        try {
            return MessageDigest.getInstance("SHA3-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA3-256", e);
        }
    }
}
