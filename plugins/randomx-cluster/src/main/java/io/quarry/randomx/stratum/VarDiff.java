package io.quarry.randomx.stratum;

import java.util.OptionalLong;

/**
 * Variable difficulty for one miner: after each retarget interval, the difficulty that would have given one
 * share per {@code shareTime} at the miner's measured rate (accepted difficulty per second), within bounds.
 * Changes under 20% are ignored so a steady miner's difficulty does not wander with noise; a window without
 * shares halves the difficulty. Not thread-safe: the miner's session guards it.
 */
final class VarDiff {

    private static final double HYSTERESIS = 0.2;

    private final long shareTimeMillis;
    private final long intervalMillis;
    private final long min;
    private final long max;
    private long windowStart;
    private double windowDifficulty;

    VarDiff(long shareTimeMillis, long intervalMillis, long min, long max, long now) {
        this.shareTimeMillis = shareTimeMillis;
        this.intervalMillis = intervalMillis;
        this.min = min;
        this.max = max;
        this.windowStart = now;
    }

    /** Records an accepted share of difficulty {@code shareDifficulty} (the miner's difficulty, not the hash's). */
    void onShare(long shareDifficulty) {
        windowDifficulty += shareDifficulty;
    }

    /** A new difficulty when the interval has passed and the ideal differs enough from {@code current}. */
    OptionalLong retarget(long now, long current) {
        long elapsed = now - windowStart;
        if (elapsed < intervalMillis) {
            return OptionalLong.empty();
        }
        double ideal = windowDifficulty == 0 ? current / 2.0 : windowDifficulty / elapsed * shareTimeMillis;
        windowStart = now;
        windowDifficulty = 0;
        long next = (long) Math.max(min, Math.min(max, ideal));
        if (Math.abs(next - current) <= current * HYSTERESIS) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(next);
    }
}
