package io.quarry.api.retry;

/**
 * How a {@link Backoff} spreads its waits, so a fleet that lost its server at the same moment does not come
 * back in lockstep (see "Exponential Backoff And Jitter", AWS Architecture Blog, 2015).
 */
public enum Jitter {

    /** The exponential wait itself: {@code min(max, initial * 2^n)}. Predictable; for tests and single clients. */
    NONE,

    /** A uniform draw from {@code [0, min(max, initial * 2^n)]}: the widest spread, the least total load. */
    FULL,

    /**
     * A uniform draw from {@code [initial, previous * 3]}, capped at {@code max}: each wait grows from the last
     * actual one rather than from the attempt count, which spreads clients as well as full jitter while
     * never waiting less than {@code initial}.
     */
    DECORRELATED
}
