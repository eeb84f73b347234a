package io.quarry.api.proof;

import java.util.Optional;

/**
 * Something that holds data and can prove it: the storage plugin offers one over the shards it keeps
 * ({@code context.offer(StorageProofSource.class, ...)}), and the PoIES plugin turns its answers into storage
 * proofs for blocks. Implementations are thread-safe; {@link #prove} may read from disk and should be called
 * off event loops.
 */
public interface StorageProofSource {

    /** A short name for logs and metrics ({@code "storage-miner"}). */
    String name();

    /**
     * Answers {@code challenge} over the data this source holds now, following the rules of
     * {@link StorageProof} and {@link StorageChallenge}. Empty when the source holds nothing it can prove (no
     * data yet, or a read failed); the caller then tries again later or uses another source.
     */
    Optional<StorageProof> prove(StorageChallenge challenge);
}
