package io.quarry.kernel.jsonrpc;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}. Thread-safe; the per-connection buckets
 * are only ever touched by their event loop, so the lock is uncontended there, and the global one is touched
 * once per line, which is cheap next to parsing it.
 */
final class TokenBucket {

    private final double perNano;
    private final double burst;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    TokenBucket(double perSecond, int burst, LongSupplier clock) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, was " + perSecond + "/" + burst);
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    /** A bucket, or null when {@code perSecond} is 0 (limit disabled). */
    static TokenBucket orNull(double perSecond, int burst) {
        return perSecond > 0 ? new TokenBucket(perSecond, burst) : null;
    }

    /** Takes one token; false when the bucket is empty. */
    synchronized boolean tryTake() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
