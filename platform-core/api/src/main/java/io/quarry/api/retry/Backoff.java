package io.quarry.api.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The waits of one retry loop under a {@link BackoffPolicy}: call {@link #next()} after each failed attempt and
 * {@link #reset()} after a success. Every wait lies in {@code [0, max]} ({@code [initial, max]} for
 * {@link Jitter#DECORRELATED}). Not thread-safe: one per loop.
 */
public final class Backoff {

    private final BackoffPolicy policy;
    private final RandomGenerator random;
    private int failures;
    private long previousNanos;

    Backoff(BackoffPolicy policy, RandomGenerator random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
        this.previousNanos = policy.initial().toNanos();
    }

    /** The wait before the next attempt; each call counts one more failure. */
    public Duration next() {
        long initial = policy.initial().toNanos();
        long max = policy.max().toNanos();
        long wait = switch (policy.jitter()) {
            case NONE -> exponential(initial, max);
            case FULL -> random.nextLong(exponential(initial, max) + 1);
            case DECORRELATED -> {
                long upper = previousNanos > max / 3 ? max : Math.max(initial, previousNanos * 3);
                yield upper <= initial ? initial : Math.min(max, random.nextLong(initial, upper + 1));
            }
        };
        failures++;
        previousNanos = wait;
        return Duration.ofNanos(wait);
    }

    /** Back to the first wait, after a success. */
    public void reset() {
        failures = 0;
        previousNanos = policy.initial().toNanos();
    }

    /** Failures since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    /** The policy. */
    public BackoffPolicy policy() {
        return policy;
    }

    private long exponential(long initial, long max) {
        // initial * 2^failures without overflow: once the shift would pass max, max it is.
        if (failures >= 62 || initial > (max >> Math.min(failures, 62))) {
            return max;
        }
        return Math.min(max, initial << failures);
    }
}
