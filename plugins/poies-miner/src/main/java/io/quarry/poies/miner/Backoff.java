package io.quarry.poies.miner;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts: {@code initial}, then doubling up to {@code max}, back to {@code initial}
 * after a success. Not thread-safe: one per retry loop.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, have " + initial + " and " + max);
        }
        this.next = initial;
    }

    /** The wait before the next attempt; doubles the one after. */
    public Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }

    /** Back to the initial wait. */
    public void reset() {
        next = initial;
    }
}
