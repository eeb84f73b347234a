package io.quarry.poies.proof.pool;

/**
 * What one producer has done since the worker started.
 *
 * @param produced proofs it produced
 * @param pooled of those, proofs the pool admitted
 * @param refused of those, proofs the pool refused (did not verify, duplicate, no room)
 * @param failures rounds that threw
 * @param busy whether a round is running now
 * @param lastProblem the last refusal or failure, empty when none
 */
public record ProducerStats(long produced, long pooled, long refused, long failures, boolean busy, String lastProblem) {
}
