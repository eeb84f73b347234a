package io.quarry.randomx.hashing;

import io.quarry.randomx.job.Share;

/**
 * Receives the results the miner threads find: shares whose hash met the job's 64-bit target. The receiver
 * decides what one is worth: a pool share, or, after the full 256-bit check, a block.
 */
@FunctionalInterface
public interface CandidateListener {

    /**
     * Called on the miner thread that found it (with the default rounding mode restored): hand the work off and
     * return quickly, since the thread is not hashing meanwhile. Exceptions are logged and ignored.
     */
    void onCandidate(Share share);
}
