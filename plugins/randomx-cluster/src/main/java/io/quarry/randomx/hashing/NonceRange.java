package io.quarry.randomx.hashing;

/**
 * The nonces a node may try for a job, {@code [start, end)} within {@code [0, 2^32)}. Miner thread {@code i} of
 * {@code n} tries {@code start + i}, {@code start + i + n}, ..., so threads never overlap; a Stratum server or a
 * cluster master hands each miner a disjoint range.
 *
 * @param start first nonce
 * @param end one past the last nonce
 */
public record NonceRange(long start, long end) {

    /** Every nonce. */
    public static final NonceRange FULL = new NonceRange(0, BlobNonce.LIMIT);

    /** Checks that the range is non-empty and inside 32 bits. */
    public NonceRange {
        if (start < 0 || end > BlobNonce.LIMIT || start >= end) {
            throw new IllegalArgumentException("nonce range must satisfy 0 <= start < end <= 2^32, was ["
                    + start + ", " + end + ")");
        }
    }

    /** Number of nonces. */
    public long size() {
        return end - start;
    }
}
