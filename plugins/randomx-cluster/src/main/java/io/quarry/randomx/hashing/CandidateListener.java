package io.quarry.randomx.hashing;

/** Receives the candidates the miner threads find. */
@FunctionalInterface
public interface CandidateListener {

    /**
     * Called on the miner thread that found it (with the default rounding mode restored): hand the work off and
     * return quickly, since the thread is not hashing meanwhile. Exceptions are logged and ignored.
     */
    void onCandidate(Candidate candidate);
}
