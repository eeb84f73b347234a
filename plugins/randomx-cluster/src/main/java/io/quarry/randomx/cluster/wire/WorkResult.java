package io.quarry.randomx.cluster.wire;

/**
 * WORKUNIT_RESULT: a nonce of an assigned range whose hash meets the target. The master recomputes the hash
 * before anything goes upstream.
 *
 * @param assignment the assignment the nonce belongs to
 * @param jobId the job's id as assigned
 * @param nonce the nonce (little-endian at blob offset 39), 0..2^32-1
 * @param hash the 32-byte hash the member computed
 */
public record WorkResult(long assignment, String jobId, long nonce, byte[] hash) {

    public WorkResult {
        WireChecks.text("jobId", jobId, 128);
        WireChecks.bytes("hash", hash, 32);
        if (assignment < 0 || nonce < 0 || nonce >= 1L << 32) {
            throw new IllegalArgumentException("assignment must be non-negative and nonce 0..2^32-1, were "
                    + assignment + " and " + nonce);
        }
    }
}
