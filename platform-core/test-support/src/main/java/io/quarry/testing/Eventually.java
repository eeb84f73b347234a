package io.quarry.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a state rather than for a time: polls a condition until it holds, failing only after a limit
 * generous enough for a loaded machine. A test asserts the state it waited for, never how long it took.
 */
public final class Eventually {

    /** The overall limit of {@link #until(String, BooleanSupplier)}. */
    public static final Duration LIMIT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 10;

    private Eventually() {
    }

    /**
     * Returns once {@code condition} is true.
     *
     * @param what the state waited for, named in the failure
     * @throws AssertionError when it is still false after {@link #LIMIT}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still not " + what + " after " + LIMIT.toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
