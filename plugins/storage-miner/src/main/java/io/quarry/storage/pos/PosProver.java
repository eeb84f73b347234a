package io.quarry.storage.pos;

import io.quarry.storage.store.CorruptShardException;
import io.quarry.storage.store.ShardId;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.wire.MinerControl.PosChallenge;
import io.quarry.storage.wire.MinerReply;
import io.quarry.storage.wire.PosProof;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Answers PosChallenge from the shard store: reads the shard from disk, verified, and opens the chunks asked for. */
public final class PosProver {

    private final ShardStore store;

    /** A prover over {@code store}. */
    public PosProver(ShardStore store) {
        this.store = store;
    }

    /** The proof, or a refusal saying why there is none. */
    public MinerReply answer(PosChallenge challenge) {
        String malformed = malformed(challenge);
        if (malformed != null) {
            return new MinerReply.Refused("BAD_REQUEST", malformed);
        }
        ShardId id = new ShardId(challenge.hash());
        Optional<byte[]> shard;
        try {
            shard = store.readFromDisk(id);
        } catch (CorruptShardException e) {
            return new MinerReply.Refused("CORRUPT", e.getMessage());
        }
        if (shard.isEmpty()) {
            return new MinerReply.Refused("NOT_FOUND", "shard " + id + " is not stored here");
        }
        ChunkMerkle tree = ChunkMerkle.build(shard.get());
        if (!Arrays.equals(tree.root(), challenge.expectedRoot())) {
            return new MinerReply.Refused("ROOT_MISMATCH", "shard " + id + " has a different Merkle root than expected");
        }
        List<byte[]> chunks = new ArrayList<>();
        List<List<byte[]>> paths = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (int index : challenge.chunkIndices()) {
            if (index >= tree.chunkCount()) {
                return new MinerReply.Refused("BAD_REQUEST", "chunk " + index + " is past the shard's "
                        + tree.chunkCount() + " chunks");
            }
            byte[] chunk = ChunkMerkle.chunk(shard.get(), index);
            chunks.add(chunk);
            paths.add(tree.path(index));
            leaves.add(ChunkMerkle.leafHash(index, chunk));
        }
        byte[] root = tree.root();
        return new MinerReply.Proof(new PosProof(PosProof.VERSION_MERKLE, id.hex(), root, tree.chunkCount(), chunks,
                paths, ChunkMerkle.binding(challenge.nonce(), root, leaves)));
    }

    /** Why a challenge is malformed, or null. */
    static String malformed(PosChallenge challenge) {
        if (!ShardId.isValid(challenge.hash())) {
            return "hash must be 64 lowercase hex characters";
        }
        if (challenge.nonce() == null || challenge.nonce().length != 32) {
            return "nonce must be 32 bytes";
        }
        if (challenge.expectedRoot() == null || challenge.expectedRoot().length != 32) {
            return "expectedRoot must be 32 bytes";
        }
        List<Integer> indices = challenge.chunkIndices();
        if (indices == null || indices.isEmpty() || indices.size() > PosProof.MAX_CHUNKS) {
            return "chunkIndices must name 1 to " + PosProof.MAX_CHUNKS + " chunks";
        }
        for (Integer index : indices) {
            if (index == null || index < 0) {
                return "chunk indices must be >= 0";
            }
        }
        return null;
    }
}
