package io.quarry.randomx.stratum;

import io.quarry.randomx.job.MoneroJob;
import java.util.Set;

/**
 * A job as one miner was given it: the miner's own job id and target over its slice of an upstream job.
 * Re-issues of the same upstream slice (a new difficulty) share one nonce set, so a share cannot count twice
 * by being sent under both job ids.
 */
final class IssuedJob {

    private final String id;
    private final MoneroJob work;
    private final long difficulty;
    private final long target;
    private final String targetHex;
    private final Set<Integer> nonces;
    private volatile long expiresAt = Long.MAX_VALUE;

    IssuedJob(String id, MoneroJob work, long difficulty, long target, String targetHex, Set<Integer> nonces) {
        this.id = id;
        this.work = work;
        this.difficulty = difficulty;
        this.target = target;
        this.targetHex = targetHex;
        this.nonces = nonces;
    }

    String id() {
        return id;
    }

    /** The miner's slice of the upstream job, with the upstream's target. */
    MoneroJob work() {
        return work;
    }

    /** The miner's difficulty for this job. */
    long difficulty() {
        return difficulty;
    }

    /** The 64-bit target matching {@link #targetHex()}. */
    long target() {
        return target;
    }

    String targetHex() {
        return targetHex;
    }

    Set<Integer> nonces() {
        return nonces;
    }

    /** Whether this and {@code other} are the same slice of the same upstream job. */
    boolean sameWork(MoneroJob other) {
        return work.equals(other);
    }

    /** Replaced by other work: shares are taken until {@code deadline} (epoch millis). */
    void expireAt(long deadline) {
        if (deadline < expiresAt) {
            expiresAt = deadline;
        }
    }

    boolean expired(long now) {
        return now > expiresAt;
    }
}
