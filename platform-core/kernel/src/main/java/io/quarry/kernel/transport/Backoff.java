package io.quarry.kernel.transport;

import java.time.Duration;

/**
 * Exponential backoff for redialing one node: after the n-th consecutive failure the next attempt waits
 * {@code initial * 2^(n-1)}, capped at {@code max}. Thread-safe.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private int failures;
    private long notBefore;
    private String lastError;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The wait after {@code failures} consecutive failures (0 for none). */
    long delayNanos(int failures) {
        if (failures <= 0) {
            return 0;
        }
        int doublings = Math.min(failures - 1, 62);
        long delay = initialNanos << Math.min(doublings, Long.numberOfLeadingZeros(initialNanos) - 1);
        return Math.min(delay, maxNanos);
    }

    synchronized void failed(String error, long nowNanos) {
        failures++;
        lastError = error;
        notBefore = nowNanos + delayNanos(failures);
    }

    synchronized void succeeded() {
        failures = 0;
        lastError = null;
    }

    /** Nanoseconds until the next attempt is allowed; zero or less means now. */
    synchronized long remainingNanos(long nowNanos) {
        return failures == 0 ? 0 : notBefore - nowNanos;
    }

    synchronized String lastError() {
        return lastError;
    }
}
