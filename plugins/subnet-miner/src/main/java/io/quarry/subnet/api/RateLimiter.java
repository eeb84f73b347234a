package io.quarry.subnet.api;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A sliding-window limit per caller: at most {@code maxRequests} in any {@code windowMillis}. Only callers
 * that passed the validator checks reach it, so the number of callers tracked is bounded by the metagraph;
 * idle callers are dropped. Thread-safe.
 */
public final class RateLimiter {

    private final int maxRequests;
    private final long windowMillis;
    private final Map<String, ArrayDeque<Long>> requests = new HashMap<>();
    private long nextSweep;

    public RateLimiter(int maxRequests, long windowMillis) {
        if (maxRequests < 1 || windowMillis < 1) {
            throw new IllegalArgumentException("maxRequests and windowMillis must be positive");
        }
        this.maxRequests = maxRequests;
        this.windowMillis = windowMillis;
    }

    /** Whether {@code caller} may make a request at {@code nowMillis}; an allowed request is counted. */
    public synchronized boolean allow(String caller, long nowMillis) {
        long cutoff = nowMillis - windowMillis;
        if (nowMillis >= nextSweep) {
            requests.values().removeIf(times -> times.isEmpty() || times.peekLast() <= cutoff);
            nextSweep = nowMillis + windowMillis;
        }
        ArrayDeque<Long> times = requests.computeIfAbsent(caller, c -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= cutoff) {
            times.pollFirst();
        }
        if (times.size() >= maxRequests) {
            return false;
        }
        times.addLast(nowMillis);
        return true;
    }
}
