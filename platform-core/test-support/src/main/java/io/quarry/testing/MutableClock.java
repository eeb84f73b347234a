package io.quarry.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand (for code that takes an {@link InstantSource}). */
public final class MutableClock implements InstantSource {

    private volatile long millis;

    /** Starts at {@code startMillis} since the epoch. */
    public MutableClock(long startMillis) {
        this.millis = startMillis;
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public void advance(Duration by) {
        millis += by.toMillis();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }
}
