package io.quarry.storage.auth;

import java.time.Duration;
import java.time.InstantSource;

/** Signed timestamps are accepted only within a window around now (5 minutes), so old messages cannot be replayed. */
public final class TimestampWindow {

    /** How far a signed timestamp may be from now, either way. */
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final InstantSource clock;

    /** A window around {@code clock}'s now. */
    public TimestampWindow(InstantSource clock) {
        this.clock = clock;
    }

    /** Why {@code timestampMillis} is refused, or null when it is inside the window. */
    public String refusal(long timestampMillis) {
        long skew = Math.abs(clock.millis() - timestampMillis);
        if (skew > WINDOW.toMillis()) {
            return "signed timestamp " + timestampMillis + " is " + skew / 1000 + " s from now; at most "
                    + WINDOW.toSeconds() + " s is accepted (check the clocks)";
        }
        return null;
    }
}
