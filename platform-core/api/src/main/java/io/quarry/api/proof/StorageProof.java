package io.quarry.api.proof;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * A source's answer to a {@link StorageChallenge}: the root of a binary Merkle tree over the data it holds,
 * cut into equal leaves, and the leaves the challenge picked with their paths.
 *
 * <p><b>Tree.</b> {@code leafCount} is a power of two; the data is cut into leaves of exactly {@code leafSize}
 * bytes (a source pads its last leaf with zeros). A leaf hashes as {@link #leafHash
 * SHA3-256(0x00 || index as 8 bytes big-endian || leaf)}: binding the index makes every leaf's hash distinct,
 * so a tree of n leaves costs n hashes to build however repetitive the data. An inner node hashes as
 * {@link #nodeHash SHA3-256(0x01 || left || right)}. The prefixes keep a leaf from passing for a node.
 *
 * <p><b>What a verifier checks.</b> That {@code samples} has one entry per challenge sample, sample {@code i}
 * opening leaf {@link StorageChallenge#sampleIndex challenge.sampleIndex(root, i, leafCount)}, each leaf being
 * {@code leafSize} bytes, and each path leading from the leaf's hash to {@code root} (at each level the node is
 * the left child when the index bit for that level is 0).
 *
 * @param source who produced it ({@code "storage-miner"}, {@code "poies-local"}), for logs only
 * @param root the 32-byte Merkle root
 * @param leafCount the number of leaves, a power of two
 * @param leafSize bytes per leaf
 * @param samples the opened leaves, in challenge order
 */
public record StorageProof(String source, byte[] root, long leafCount, int leafSize, List<StorageSample> samples) {

    /** Length of every hash in the tree. */
    public static final int HASH_LENGTH = 32;

    /** Checks the shapes and keeps a copy of the root. */
    public StorageProof {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(samples, "samples");
        if (root.length != HASH_LENGTH) {
            throw new IllegalArgumentException("a root is 32 bytes, was " + root.length);
        }
        if (leafCount < 1 || Long.bitCount(leafCount) != 1) {
            throw new IllegalArgumentException("leafCount must be a power of two, was " + leafCount);
        }
        if (leafSize < 1) {
            throw new IllegalArgumentException("leafSize must be >= 1, was " + leafSize);
        }
        root = root.clone();
        samples = List.copyOf(samples);
    }

    /** A copy of the root. */
    @Override
    public byte[] root() {
        return root.clone();
    }

    /** {@code SHA3-256(0x00 || index as 8 bytes big-endian || leaf)}. */
    public static byte[] leafHash(long index, byte[] leaf) {
        MessageDigest sha3 = sha3();
        sha3.update((byte) 0x00);
        for (int shift = 56; shift >= 0; shift -= 8) {
            sha3.update((byte) (index >>> shift));
        }
        sha3.update(leaf);
        return sha3.digest();
    }

    /** {@code SHA3-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha3 = sha3();
        sha3.update((byte) 0x01);
        sha3.update(left);
        sha3.update(right);
        return sha3.digest();
    }

    static MessageDigest sha3() {
        return StorageChallenge.newSha3();
    }
}
