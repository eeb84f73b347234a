package io.quarry.storage.pos;

import io.quarry.storage.hash.Blake3;
import io.quarry.storage.wire.PosProof;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The proof-of-storage Merkle tree over a shard (docs/plugins.md, storage-miner, "Proof of storage"): the shard
 * is cut into 1 KiB chunks, the last zero-padded, and the tree has the next power of two of leaves, those past
 * the shard's chunks being all-zero chunks. Leaf {@code i} hashes as
 * {@code BLAKE3(0x00 || i as 8 bytes big-endian || chunk)}, an inner node as {@code BLAKE3(0x01 || left || right)}.
 */
public final class ChunkMerkle {

    private final int chunkCount;
    /** levels.get(0) are the leaf hashes; the last level has the root alone. */
    private final List<byte[][]> levels;

    private ChunkMerkle(int chunkCount, List<byte[][]> levels) {
        this.chunkCount = chunkCount;
        this.levels = levels;
    }

    /** Builds the tree over {@code shard}. */
    public static ChunkMerkle build(byte[] shard) {
        int chunkCount = chunkCount(shard.length);
        int leaves = Integer.highestOneBit(chunkCount) == chunkCount ? chunkCount : Integer.highestOneBit(chunkCount) << 1;
        byte[][] level = new byte[leaves][];
        for (int i = 0; i < leaves; i++) {
            level[i] = leafHash(i, chunk(shard, i));
        }
        List<byte[][]> levels = new ArrayList<>();
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = nodeHash(level[2 * i], level[2 * i + 1]);
            }
            levels.add(up);
            level = up;
        }
        return new ChunkMerkle(chunkCount, levels);
    }

    /** Chunks in a shard of {@code size} bytes (at least one). */
    public static int chunkCount(long size) {
        return (int) Math.max(1, (size + PosProof.CHUNK_SIZE - 1) / PosProof.CHUNK_SIZE);
    }

    /** Chunk {@code i} of {@code shard}, zero-padded to {@link PosProof#CHUNK_SIZE}. */
    public static byte[] chunk(byte[] shard, int i) {
        byte[] chunk = new byte[PosProof.CHUNK_SIZE];
        int from = i * PosProof.CHUNK_SIZE;
        if (from < shard.length) {
            System.arraycopy(shard, from, chunk, 0, Math.min(PosProof.CHUNK_SIZE, shard.length - from));
        }
        return chunk;
    }

    /** The root. */
    public byte[] root() {
        return levels.get(levels.size() - 1)[0].clone();
    }

    /** Chunks in the shard. */
    public int chunkCount() {
        return chunkCount;
    }

    /** The sibling hashes from leaf {@code index} up to just below the root. */
    public List<byte[]> path(int index) {
        List<byte[]> path = new ArrayList<>(levels.size() - 1);
        int at = index;
        for (int l = 0; l < levels.size() - 1; l++) {
            path.add(levels.get(l)[at ^ 1].clone());
            at >>= 1;
        }
        return path;
    }

    /** The leaf hash {@code BLAKE3(0x00 || index BE64 || chunk)}. */
    public static byte[] leafHash(long index, byte[] chunk) {
        byte[] input = new byte[9 + chunk.length];
        for (int b = 0; b < 8; b++) {
            input[1 + b] = (byte) (index >>> (56 - 8 * b));
        }
        System.arraycopy(chunk, 0, input, 9, chunk.length);
        return Blake3.hash(input);
    }

    /** The node hash {@code BLAKE3(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        byte[] input = new byte[65];
        input[0] = 1;
        System.arraycopy(left, 0, input, 1, 32);
        System.arraycopy(right, 0, input, 33, 32);
        return Blake3.hash(input);
    }

    /** Folds {@code leaf} at {@code index} up {@code path}; the result is the root if the path is right. */
    public static byte[] rootFromPath(long index, byte[] leaf, List<byte[]> path) {
        byte[] node = leaf;
        long at = index;
        for (byte[] sibling : path) {
            node = (at & 1) == 0 ? nodeHash(node, sibling) : nodeHash(sibling, node);
            at >>= 1;
        }
        return node;
    }

    /** {@code BLAKE3(nonce || root || leaf hashes...)}. */
    public static byte[] binding(byte[] nonce, byte[] root, List<byte[]> leafHashes) {
        Blake3 hasher = Blake3.newHasher().update(nonce).update(root);
        for (byte[] leaf : leafHashes) {
            hasher.update(leaf);
        }
        return hasher.digest();
    }

    /** Whether two hashes are equal (constant-time is not needed: roots are public). */
    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
