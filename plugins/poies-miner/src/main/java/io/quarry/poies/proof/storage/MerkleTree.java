package io.quarry.poies.proof.storage;

import io.quarry.api.proof.StorageProof;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A complete binary Merkle tree over a power-of-two number of leaf hashes, hashed as {@link StorageProof}
 * specifies; every level is kept so paths come out without rehashing. About 64 bytes of memory per leaf.
 */
final class MerkleTree {

    private final byte[][][] levels;

    private MerkleTree(byte[][][] levels) {
        this.levels = levels;
    }

    /** The tree over {@code leafHashes} (already {@link StorageProof#leafHash hashed}), a power-of-two count. */
    static MerkleTree of(byte[][] leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes");
        int count = leafHashes.length;
        if (count < 1 || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("a tree needs a power-of-two number of leaves, was " + count);
        }
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = leafHashes.clone();
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = StorageProof.nodeHash(level[2 * i], level[2 * i + 1]);
            }
            levels.add(up);
            level = up;
        }
        return new MerkleTree(levels.toArray(new byte[0][][]));
    }

    /** The root. */
    byte[] root() {
        return levels[levels.length - 1][0].clone();
    }

    /** The number of leaves. */
    int leafCount() {
        return levels[0].length;
    }

    /** The stored hash of leaf {@code index}. */
    byte[] leafHash(int index) {
        return levels[0][index].clone();
    }

    /** The sibling hashes from leaf {@code index} up to just below the root. */
    List<byte[]> path(int index) {
        Objects.checkIndex(index, leafCount());
        List<byte[]> path = new ArrayList<>(levels.length - 1);
        int at = index;
        for (int depth = 0; depth < levels.length - 1; depth++) {
            path.add(levels[depth][at ^ 1].clone());
            at >>>= 1;
        }
        return path;
    }

    /**
     * Whether {@code siblings} lead from {@code leafHash} at {@code index} to {@code root}: at each level the node
     * is the left child when the corresponding bit of the index is 0.
     */
    static boolean verifyPath(long index, byte[] leafHash, List<byte[]> siblings, byte[] root) {
        byte[] node = leafHash;
        long at = index;
        for (byte[] sibling : siblings) {
            node = (at & 1) == 0 ? StorageProof.nodeHash(node, sibling) : StorageProof.nodeHash(sibling, node);
            at >>>= 1;
        }
        return at == 0 && Arrays.equals(node, root);
    }
}
