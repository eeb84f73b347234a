package io.quarry.subnet.orchestrator;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: {@code initial * 2^attempt}, capped at {@code max}, each multiplied by a random factor
 * in [0.5, 1.5) so that many miners cut off together do not reconnect together.
 *
 * @param initial the first delay
 * @param max the largest delay before jitter
 */
public record Backoff(Duration initial, Duration max) {

    /** One second, doubling up to one minute. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    /** The delay before reconnect attempt {@code attempt} (0 for the first after a drop). */
    public Duration delay(int attempt, RandomGenerator random) {
        long base = initial.toMillis() << Math.min(Math.max(attempt, 0), 20);
        long capped = Math.min(base <= 0 ? max.toMillis() : base, max.toMillis());
        return Duration.ofMillis(Math.max(1, (long) (capped * (0.5 + random.nextDouble()))));
    }
}
