package io.quarry.randomx.hashing;

import java.util.List;
import java.util.Optional;

/** RandomX hashing under the current key, safe to call from any thread (including virtual threads). */
public interface Hasher {

    /** The 32-byte hash of {@code input} under the current key. */
    byte[] hash(byte[] input);

    /** The hash of {@code input} if {@code seedHash} is the current key; empty if the key has moved on. */
    Optional<byte[]> hashIfSeed(byte[] seedHash, byte[] input);

    /** Hashes of several inputs, computed with the batch API (randomx_calculate_hash_first/next/last). */
    List<byte[]> hashAll(List<byte[]> inputs);

    /**
     * Hashes of several inputs, in order, if {@code seedHash} is the current key; empty if the key has moved on.
     * This default hashes one input after the other; an engine may compute them as one batch.
     */
    default Optional<List<byte[]>> hashAllIfSeed(byte[] seedHash, List<byte[]> inputs) {
        List<byte[]> hashes = new java.util.ArrayList<>(inputs.size());
        for (byte[] input : inputs) {
            Optional<byte[]> hash = hashIfSeed(seedHash, input);
            if (hash.isEmpty()) {
                return Optional.empty();
            }
            hashes.add(hash.get());
        }
        return Optional.of(hashes);
    }
}
