package io.quarry.storage.validator;

/**
 * A miner's record in proof-of-storage challenges.
 *
 * @param passed challenges it answered with a valid proof
 * @param failed challenges it failed (wrong proof, refusal, no answer)
 * @param score an exponentially weighted pass rate in [0, 1], starting at 1: each result moves it a tenth of the
 *     way towards 1 (passed) or 0 (failed)
 */
public record Reputation(long passed, long failed, double score) {

    /** A miner never challenged. */
    public static final Reputation NEW = new Reputation(0, 0, 1.0);
    private static final double WEIGHT = 0.1;

    /** This record after one more result. */
    public Reputation after(boolean pass) {
        return new Reputation(passed + (pass ? 1 : 0), failed + (pass ? 0 : 1), score + WEIGHT * ((pass ? 1 : 0) - score));
    }
}
