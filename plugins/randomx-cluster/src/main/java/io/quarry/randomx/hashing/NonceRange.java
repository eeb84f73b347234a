package io.quarry.randomx.hashing;

import io.quarry.randomx.job.MoneroJob;

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

    /**
     * The nonces {@code job} leaves free: the low 24 bits under its fixed top byte (a slice given to one
     * worker, or a pool's "nicehash" job), else all 32 bits.
     */
    public static NonceRange of(MoneroJob job) {
        int top = job.blob()[MoneroJob.NONCE_OFFSET + 3] & 0xFF;
        if (job.fixedNonceByte() || top != 0) {
            long start = (long) top << 24;
            return new NonceRange(start, start + (1L << 24));
        }
        return FULL;
    }

    /** Number of nonces. */
    public long size() {
        return end - start;
    }
}
