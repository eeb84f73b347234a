package io.quarry.api.limit;

/** What a {@link RateLimiter} decided about one request. */
public enum RateVerdict {
    /** Go ahead. */
    ALLOWED,
    /** This key (peer) is over its own rate. */
    KEY_LIMITED,
    /** All keys together are over the global rate. */
    GLOBAL_LIMITED;

    /** Whether the request may proceed. */
    public boolean allowed() {
        return this == ALLOWED;
    }
}
