package io.quarry.api.limit;

import java.time.InstantSource;
import java.util.Objects;

/**
 * One token bucket: starts full with {@link RateLimit#burst()} tokens and refills at
 * {@link RateLimit#perSecond()}, never beyond the burst. Time comes from an {@link InstantSource}, so tests
 * move a clock instead of sleeping; a clock that steps back refills nothing. Thread-safe.
 */
public final class TokenBucket {

    private final double perNano;
    private final double burst;
    private final InstantSource clock;
    private double tokens;
    private long last;

    /**
     * @param limit the rate and burst; must not be {@link RateLimit#isOff() off}
     * @param clock where time comes from ({@link InstantSource#system()} in production)
     */
    public TokenBucket(RateLimit limit, InstantSource clock) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isOff()) {
            throw new IllegalArgumentException("a token bucket needs a rate > 0; leave the bucket out instead");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.perNano = limit.perSecond() / 1e9;
        this.burst = limit.burst();
        this.tokens = burst;
        this.last = nanos(clock);
    }

    /** Takes one token; false (taking nothing) when fewer than one is left. */
    public synchronized boolean tryTake() {
        if (!hasToken()) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Refills, then says whether a token is there without taking it. */
    synchronized boolean hasToken() {
        long now = nanos(clock);
        tokens = Math.min(burst, tokens + Math.max(0, now - last) * perNano);
        last = Math.max(last, now);
        return tokens >= 1;
    }

    /** Takes a token {@link #hasToken()} just saw. */
    synchronized void take() {
        tokens -= 1;
    }

    /** Nanoseconds since the epoch (a long holds them until the year 2262). */
    static long nanos(InstantSource clock) {
        var now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
