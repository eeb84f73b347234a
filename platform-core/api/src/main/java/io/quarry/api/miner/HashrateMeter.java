package io.quarry.api.miner;

import java.time.InstantSource;
import java.util.Objects;

/**
 * Work per second over the last 10 seconds, 60 seconds and 15 minutes, from amounts recorded as they happen:
 * hashes computed by the engine, or the difficulty of accepted shares (an outside miner's hashrate estimate:
 * a share of difficulty d takes d hashes on average). One bucket per second over 15 minutes. Thread-safe.
 *
 * <p>A small concrete helper rather than a contract, because every miner owes {@link MinerStats} these three
 * windows and they should mean the same thing for every plugin.
 */
public final class HashrateMeter {

    private static final int SECONDS = 900;

    private final InstantSource clock;
    private final long[] buckets = new long[SECONDS];
    private final long started;
    private long lastSecond;

    private long total;

    /** A meter on the system clock. */
    public HashrateMeter() {
        this(InstantSource.system());
    }

    /** A meter on {@code clock} (tests pass a clock they move by hand). */
    public HashrateMeter(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.started = clock.millis() / 1000;
        this.lastSecond = started;
    }

    /** Records {@code amount} units of work done now. */
    public synchronized void record(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must be >= 0, was " + amount);
        }
        long now = advance();
        int slot = (int) (now % SECONDS);
        buckets[slot] = saturatingAdd(buckets[slot], amount);
        total = saturatingAdd(total, amount);
    }

    /** Everything recorded since construction. */
    public synchronized long total() {
        return total;
    }

    /** The three averages; a window longer than the time since creation averages over that time. */
    public synchronized MinerStats.Hashrate rates() {
        advance();
        return new MinerStats.Hashrate(rate(10), rate(60), rate(SECONDS));
    }

    private double rate(int window) {
        long now = lastSecond;
        double sum = 0;
        for (int i = 0; i < window; i++) {
            sum += buckets[(int) (Math.floorMod(now - i, (long) SECONDS))];
        }
        // Average over the time that has really passed, so a new miner's first minute is not diluted.
        long elapsed = Math.max(1, Math.min(window, now - started + 1));
        return sum / elapsed;
    }

    private long advance() {
        long now = clock.millis() / 1000;
        if (now > lastSecond) {
            long gap = Math.min(now - lastSecond, SECONDS);
            for (long s = 1; s <= gap; s++) {
                buckets[(int) ((lastSecond + s) % SECONDS)] = 0;
            }
            lastSecond = now;
        }
        return lastSecond;
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
