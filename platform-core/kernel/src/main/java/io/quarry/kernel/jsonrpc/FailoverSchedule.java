package io.quarry.kernel.jsonrpc;

import io.quarry.api.retry.Backoff;
import io.quarry.api.retry.BackoffPolicy;
import io.quarry.api.retry.Jitter;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Which endpoint a client tries next and how long it waits first (see {@code JsonRpcClient} for the policy).
 * A round starts at the first endpoint; a failed attempt moves straight on; a round in which every endpoint
 * failed ends with a wait from the API's {@link Backoff} (exponential up to the cap, with jitter so a fleet
 * that lost its pool does not come back in lockstep). Not thread-safe: the client holds its lock.
 */
final class FailoverSchedule {

    private final int endpoints;
    private final Backoff backoff;
    private int index;
    private int failuresThisRound;

    /** Waits from {@code initialBackoff} to {@code maxBackoff} with decorrelated jitter. */
    FailoverSchedule(int endpoints, Duration initialBackoff, Duration maxBackoff) {
        this(endpoints, new BackoffPolicy(initialBackoff, maxBackoff, Jitter.DECORRELATED),
                RandomGenerator.getDefault());
    }

    FailoverSchedule(int endpoints, BackoffPolicy policy, RandomGenerator random) {
        if (endpoints < 1) {
            throw new IllegalArgumentException("need at least one endpoint");
        }
        this.endpoints = endpoints;
        this.backoff = policy.start(random);
    }

    /** Index of the endpoint to try now. */
    int current() {
        return index;
    }

    /**
     * The attempt on {@link #current()} failed (or its connection dropped before the server said anything).
     *
     * @return milliseconds to wait before trying {@link #current()}
     */
    long failed() {
        index = (index + 1) % endpoints;
        if (++failuresThisRound < endpoints) {
            return 0;
        }
        failuresThisRound = 0;
        index = 0;
        return Math.max(1, backoff.next().toMillis());
    }

    /** The server on the current connection answered: it works, so forget earlier failures. */
    void healthy() {
        failuresThisRound = 0;
        backoff.reset();
    }

    /**
     * A connection that worked has ended: start over from the first (preferred) endpoint, at once.
     *
     * @return milliseconds to wait (always 0)
     */
    long lost() {
        healthy();
        index = 0;
        return 0;
    }
}
