package io.quarry.randomx.hashing;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Hashes per second over the last 10 s, 60 s and 15 min, from per-second buckets (a ring of 900). A rate over a
 * window counts the buckets of the seconds inside it, the current partial second included, and divides by the
 * time they cover: from the start of the oldest such second (or of counting, if later) until now. Thread-safe;
 * {@link #record} is integer-only so it is safe on mining threads whatever their rounding mode.
 */
public final class HashrateWindow {

    /** The short window. */
    public static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    /** The medium window. */
    public static final Duration ONE_MINUTE = Duration.ofSeconds(60);
    /** The long window, also the longest kept. */
    public static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

    private static final int BUCKETS = (int) FIFTEEN_MINUTES.toSeconds();

    private final LongSupplier clockMillis;
    private final long startMillis;
    private final long[] counts = new long[BUCKETS];
    private final long[] seconds = new long[BUCKETS];
    private long total;

    /** A window starting now on the system clock. */
    public HashrateWindow() {
        this(System::currentTimeMillis);
    }

    /** A window on the given millisecond clock, starting at its current reading. */
    HashrateWindow(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.startMillis = clockMillis.getAsLong();
        java.util.Arrays.fill(seconds, -1);
    }

    /** Counts {@code hashes} done now. */
    public synchronized void record(long hashes) {
        long second = clockMillis.getAsLong() / 1000;
        int index = (int) (second % BUCKETS);
        if (seconds[index] != second) {
            seconds[index] = second;
            counts[index] = 0;
        }
        counts[index] += hashes;
        total += hashes;
    }

    /** Every hash recorded. */
    public synchronized long total() {
        return total;
    }

    /** H/s over the last {@code window} (1 s .. 15 min); 0 before anything is counted. */
    public synchronized double rate(Duration window) {
        long windowSeconds = window.toSeconds();
        if (windowSeconds < 1 || windowSeconds > BUCKETS) {
            throw new IllegalArgumentException("window must be 1 s .. 15 min, was " + window);
        }
        long now = clockMillis.getAsLong();
        long oldestSecond = now / 1000 - windowSeconds + 1;
        long sum = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (seconds[i] >= oldestSecond) {
                sum += counts[i];
            }
        }
        long coveredMillis = now - Math.max(oldestSecond * 1000, startMillis);
        return coveredMillis <= 0 ? 0 : sum * 1000.0 / coveredMillis;
    }

    /** H/s over 10 s. */
    public double tenSeconds() {
        return rate(TEN_SECONDS);
    }

    /** H/s over 60 s. */
    public double oneMinute() {
        return rate(ONE_MINUTE);
    }

    /** H/s over 15 min. */
    public double fifteenMinutes() {
        return rate(FIFTEEN_MINUTES);
    }
}
