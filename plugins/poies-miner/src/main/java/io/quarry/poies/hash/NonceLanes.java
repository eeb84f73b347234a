package io.quarry.poies.hash;

/**
 * How one scanning thread hashes nonces of one template: {@link #lanes()} nonces per call, each the same
 * one-permutation share hash as {@link NonceHasher#hashTop64}. Implementations: {@link ScalarNonceLanes} (one nonce
 * at a time) and {@link VectorNonceLanes} (one per SIMD lane); {@link ScanKernel} picks one at start.
 *
 * <p>Not thread-safe: each thread makes its own.
 */
interface NonceLanes {

    /** Nonces hashed per {@link #hashTop64} call. */
    int lanes();

    /**
     * Hashes nonces {@code firstNonce + i * stride} for {@code i} in {@code [0, lanes())} (wrapping modulo 2^64)
     * and stores the top 64 bits of each digest (bytes 0..7, unsigned big-endian) in {@code top[i]}.
     */
    void hashTop64(long firstNonce, long stride, long[] top);
}
