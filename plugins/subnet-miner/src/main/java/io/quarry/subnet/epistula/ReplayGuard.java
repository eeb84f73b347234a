package io.quarry.subnet.epistula;

import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the requests seen within the freshness window, so a replayed one is refused. Bounded: when it
 * holds {@code capacity} live entries it refuses new ones rather than forget live ones. Thread-safe.
 */
public final class ReplayGuard {

    private final int capacity;
    private final Map<String, Long> until = new HashMap<>();
    private long nextSweep;

    public ReplayGuard(int capacity) {
        this.capacity = capacity;
    }

    /** Whether {@code key} was remembered and has not expired at {@code nowMillis}. */
    public synchronized boolean seen(String key, long nowMillis) {
        Long expiry = until.get(key);
        return expiry != null && expiry > nowMillis;
    }

    /** The outcome of {@link #remember}. */
    public enum Outcome { REMEMBERED, REPLAYED, FULL }

    /** Remembers {@code key} until {@code untilMillis}, unless it is already remembered or the guard is full. */
    public synchronized Outcome remember(String key, long untilMillis, long nowMillis) {
        if (seen(key, nowMillis)) {
            return Outcome.REPLAYED;
        }
        if (nowMillis >= nextSweep || until.size() >= capacity) {
            until.values().removeIf(expiry -> expiry <= nowMillis);
            nextSweep = nowMillis + 1000;
        }
        if (until.size() >= capacity) {
            return Outcome.FULL;
        }
        until.put(key, untilMillis);
        return Outcome.REMEMBERED;
    }

    /** Entries held now, for metrics and tests. */
    public synchronized int size() {
        return until.size();
    }
}
