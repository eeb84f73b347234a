package io.quarry.storage.pos;

import io.quarry.storage.wire.MinerControl.PosChallenge;
import io.quarry.storage.wire.PosProof;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Checks a {@link PosProof} against the challenge it answers. */
public final class PosVerifier {

    private PosVerifier() {
    }

    /** Null when {@code proof} answers {@code challenge}; otherwise why not. */
    public static String refusal(PosChallenge challenge, PosProof proof) {
        if (proof == null) {
            return "no proof";
        }
        if (proof.version() != PosProof.VERSION_MERKLE) {
            return "proof version " + proof.version() + " is not supported (expected " + PosProof.VERSION_MERKLE + ")";
        }
        if (!challenge.hash().equals(proof.hash())) {
            return "proof is for shard " + proof.hash() + ", not " + challenge.hash();
        }
        if (!Arrays.equals(challenge.expectedRoot(), proof.root())) {
            return "proof root differs from the recorded root";
        }
        List<Integer> indices = challenge.chunkIndices();
        if (proof.chunks() == null || proof.paths() == null || proof.chunks().size() != indices.size()
                || proof.paths().size() != indices.size()) {
            return "proof opens " + (proof.chunks() == null ? 0 : proof.chunks().size()) + " chunks, " + indices.size()
                    + " were asked for";
        }
        int chunkCount = proof.chunkCount();
        if (chunkCount < 1 || indices.stream().anyMatch(index -> index >= chunkCount)) {
            return "proof claims " + chunkCount + " chunks, which does not cover the challenged chunks";
        }
        int leaves = Integer.highestOneBit(chunkCount) == chunkCount ? chunkCount : Integer.highestOneBit(chunkCount) << 1;
        int depth = Integer.numberOfTrailingZeros(leaves);
        List<byte[]> leafHashes = new ArrayList<>();
        for (int i = 0; i < indices.size(); i++) {
            byte[] chunk = proof.chunks().get(i);
            List<byte[]> path = proof.paths().get(i);
            if (chunk == null || chunk.length != PosProof.CHUNK_SIZE) {
                return "chunk " + indices.get(i) + " is not " + PosProof.CHUNK_SIZE + " bytes";
            }
            if (path == null || path.size() != depth || path.stream().anyMatch(h -> h == null || h.length != 32)) {
                return "path of chunk " + indices.get(i) + " is not " + depth + " 32-byte hashes";
            }
            byte[] leaf = ChunkMerkle.leafHash(indices.get(i), chunk);
            if (!Arrays.equals(ChunkMerkle.rootFromPath(indices.get(i), leaf, path), proof.root())) {
                return "chunk " + indices.get(i) + " does not lead to the root";
            }
            leafHashes.add(leaf);
        }
        if (!Arrays.equals(ChunkMerkle.binding(challenge.nonce(), proof.root(), leafHashes), proof.binding())) {
            return "proof is not bound to this challenge's nonce";
        }
        return null;
    }
}
