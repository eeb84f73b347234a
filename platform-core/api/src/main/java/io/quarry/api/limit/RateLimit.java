package io.quarry.api.limit;

/**
 * One token-bucket rate: {@code burst} tokens, refilled at {@code perSecond}.
 *
 * @param perSecond refill rate; 0 turns the limit off
 * @param burst bucket size: how many requests may come at once; at least 1
 */
public record RateLimit(double perSecond, int burst) {

    /** No limit. */
    public static final RateLimit OFF = new RateLimit(0, 1);

    public RateLimit {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0 (0 disables), was " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, was " + burst);
        }
    }

    /** Whether this limit is turned off. */
    public boolean isOff() {
        return perSecond == 0;
    }
}
