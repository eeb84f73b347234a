package io.quarry.api.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a reconnecting client waits between attempts: exponential from {@code initial}, capped at {@code max},
 * spread by {@code jitter}. Immutable; {@link #start()} makes the {@link Backoff} one retry loop uses.
 *
 * @param initial the first wait (and the floor of {@link Jitter#DECORRELATED}); &gt; 0
 * @param max the longest wait; &gt;= {@code initial}
 * @param jitter how waits are spread
 */
public record BackoffPolicy(Duration initial, Duration max, Jitter jitter) {

    /** One second doubling to a minute, decorrelated: what every reconnecting client uses unless told otherwise. */
    public static final BackoffPolicy DEFAULT = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1),
            Jitter.DECORRELATED);

    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(jitter, "jitter");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, have " + initial + " and " + max);
        }
    }

    /** Exponential from {@code initial} to {@code max} with decorrelated jitter. */
    public static BackoffPolicy of(Duration initial, Duration max) {
        return new BackoffPolicy(initial, max, Jitter.DECORRELATED);
    }

    /** This policy with another jitter. */
    public BackoffPolicy withJitter(Jitter newJitter) {
        return new BackoffPolicy(initial, max, newJitter);
    }

    /** A fresh backoff drawing from a thread-safe default generator. */
    public Backoff start() {
        return new Backoff(this, RandomGenerator.getDefault());
    }

    /** A fresh backoff drawing from {@code random} (a seeded generator makes the waits repeatable in tests). */
    public Backoff start(RandomGenerator random) {
        return new Backoff(this, random);
    }
}
