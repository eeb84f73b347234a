package io.quarry.storage.wire;

import java.util.List;

/**
 * A proof that a miner holds a shard (docs/plugins.md, storage-miner, "Proof of storage"). Version 1 opens 1 KiB
 * chunks of the shard with BLAKE3 Merkle paths; later versions may carry succinct proofs instead, so a verifier
 * checks {@link #version()} first.
 *
 * @param version the format version, {@value #VERSION_MERKLE}
 * @param hash the shard id
 * @param root the Merkle root over the shard's chunks
 * @param chunkCount chunks in the shard (the tree has the next power of two of leaves)
 * @param chunks the opened chunks, in challenge order, each {@code CHUNK_SIZE} bytes (the last zero-padded)
 * @param paths for each chunk its sibling hashes, leaf level first
 * @param binding {@code BLAKE3(nonce || root || each opened leaf hash)}: ties the answer to this challenge
 */
public record PosProof(int version, String hash, byte[] root, int chunkCount, List<byte[]> chunks,
                       List<List<byte[]>> paths, byte[] binding) {

    /** The Merkle-path format. */
    public static final int VERSION_MERKLE = 1;
    /** Bytes per chunk. */
    public static final int CHUNK_SIZE = 1024;
    /** Most chunks one challenge may open. */
    public static final int MAX_CHUNKS = 64;
}
