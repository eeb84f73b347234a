package io.quarry.randomx.job;

import java.util.Arrays;
import java.util.Objects;

/**
 * A result found for a job: the nonce and the RandomX hash of the job's blob with that nonce.
 *
 * @param job the job as it was mined (a {@link WorkSource#forWorker} slice when the work was split)
 * @param nonce the nonce, as the little-endian value at {@link MoneroJob#NONCE_OFFSET}
 * @param hash the 32-byte RandomX hash (copied in and out)
 */
public record Share(MoneroJob job, int nonce, byte[] hash) {

    public Share {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(hash, "hash");
        if (hash.length != 32) {
            throw new IllegalArgumentException("hash must be 32 bytes, was " + hash.length);
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Whether the hash meets the job's target. */
    public boolean meetsJobTarget() {
        return MoneroDifficulty.meetsTarget(hash, job.target());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Share share && job.equals(share.job) && nonce == share.nonce
                && Arrays.equals(hash, share.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(job, nonce, Arrays.hashCode(hash));
    }

    @Override
    public String toString() {
        return "Share[" + job.jobId() + " nonce=" + MoneroJob.nonceHex(nonce) + "]";
    }
}
