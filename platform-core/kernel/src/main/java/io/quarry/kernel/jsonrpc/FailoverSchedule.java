package io.quarry.kernel.jsonrpc;

import java.time.Duration;

/**
 * Which endpoint a client tries next and how long it waits first (see {@code JsonRpcClient} for the policy).
 * A round starts at the first endpoint; a failed attempt moves straight on; a round in which every endpoint
 * failed ends with a wait that doubles each round up to the cap. Not thread-safe: the client holds its lock.
 */
final class FailoverSchedule {

    private final int endpoints;
    private final long initialMillis;
    private final long maxMillis;
    private int index;
    private int failuresThisRound;
    private int failedRounds;

    FailoverSchedule(int endpoints, Duration initialBackoff, Duration maxBackoff) {
        if (endpoints < 1) {
            throw new IllegalArgumentException("need at least one endpoint");
        }
        this.endpoints = endpoints;
        this.initialMillis = Math.max(1, initialBackoff.toMillis());
        this.maxMillis = Math.max(initialMillis, maxBackoff.toMillis());
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
        failedRounds++;
        // initial * 2^(rounds-1), capped; the shift is bounded so it cannot overflow.
        int shift = Math.min(failedRounds - 1, 30);
        return Math.min(maxMillis, initialMillis << shift);
    }

    /** The server on the current connection answered: it works, so forget earlier failures. */
    void healthy() {
        failuresThisRound = 0;
        failedRounds = 0;
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
