package io.quarry.randomx.cluster.wire;

import java.util.Objects;

/**
 * WORKUNIT_ASSIGN: the master gives a member a nonce range of one job. Ranges the master hands out for one job
 * never overlap, so no two members hash the same nonce. A new assignment replaces the member's previous one.
 * Assignment 0 with every other field empty or zero ({@link #none()}) means "no work now" (no job yet, the job's
 * nonce space is used up, or the job cannot be split): the member stays joined and asks again later.
 *
 * @param assignment increases with every assignment the master makes; results name it
 * @param jobId the master's id for the job (results name it)
 * @param blob the hashing blob, nonce bytes included
 * @param seedHash the 32-byte RandomX key
 * @param target the 64-bit share target results must meet
 * @param height block height, 0 when unknown
 * @param nonceStart first nonce of the range
 * @param nonceEnd one past the last nonce of the range
 */
public record WorkUnit(long assignment, String jobId, byte[] blob, byte[] seedHash, long target, long height,
                       long nonceStart, long nonceEnd) {

    /** Monero hashing blobs are 76 to 80 bytes; anything past this is refused. */
    public static final int MAX_BLOB_BYTES = 512;

    public WorkUnit {
        Objects.requireNonNull(jobId, "jobId");
        if (assignment == 0) {
            if (!jobId.isEmpty() || blob == null || blob.length != 0 || seedHash == null || seedHash.length != 0
                    || target != 0 || height != 0 || nonceStart != 0 || nonceEnd != 0) {
                throw new IllegalArgumentException("assignment 0 (no work now) must carry no job and no range");
            }
        } else {
            checkWork(jobId, blob, seedHash, target, height, assignment, nonceStart, nonceEnd);
        }
    }

    private static void checkWork(String jobId, byte[] blob, byte[] seedHash, long target, long height,
                                  long assignment, long nonceStart, long nonceEnd) {
        WireChecks.text("jobId", jobId, 128);
        if (blob == null || blob.length < 76 || blob.length > MAX_BLOB_BYTES) {
            throw new IllegalArgumentException("blob must be 76.." + MAX_BLOB_BYTES + " bytes");
        }
        WireChecks.bytes("seedHash", seedHash, 32);
        if (target == 0 || height < 0 || assignment < 0) {
            throw new IllegalArgumentException("target must be non-zero, height and assignment non-negative");
        }
        if (nonceStart < 0 || nonceEnd > 1L << 32 || nonceStart >= nonceEnd) {
            throw new IllegalArgumentException("nonce range must satisfy 0 <= start < end <= 2^32, was ["
                    + nonceStart + ", " + nonceEnd + ")");
        }
    }

    /** The "no work now" answer. */
    public static WorkUnit none() {
        return new WorkUnit(0, "", new byte[0], new byte[0], 0, 0, 0, 0);
    }

    /** Whether this is the "no work now" answer rather than a range. */
    public boolean isNone() {
        return assignment == 0;
    }
}
