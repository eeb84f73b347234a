package io.quarry.kernel.transport;

import io.quarry.api.retry.BackoffPolicy;
import io.quarry.api.retry.Jitter;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The redial gate of one node: after a failure, no attempt before the wait the API's
 * {@link io.quarry.api.retry.Backoff} draws (exponential from {@code initial} to {@code max}, decorrelated
 * jitter, so nodes that lost the same peer do not redial it in lockstep). Thread-safe.
 */
final class Backoff {

    private final io.quarry.api.retry.Backoff waits;
    private int failures;
    private long notBefore;
    private String lastError;

    Backoff(Duration initial, Duration max) {
        this(new BackoffPolicy(initial, max, Jitter.DECORRELATED), RandomGenerator.getDefault());
    }

    Backoff(BackoffPolicy policy, RandomGenerator random) {
        this.waits = policy.start(random);
    }

    synchronized void failed(String error, long nowNanos) {
        failures++;
        lastError = error;
        notBefore = nowNanos + waits.next().toNanos();
    }

    synchronized void succeeded() {
        failures = 0;
        lastError = null;
        waits.reset();
    }

    /** Nanoseconds until the next attempt is allowed; zero or less means now. */
    synchronized long remainingNanos(long nowNanos) {
        return failures == 0 ? 0 : notBefore - nowNanos;
    }

    synchronized String lastError() {
        return lastError;
    }
}
