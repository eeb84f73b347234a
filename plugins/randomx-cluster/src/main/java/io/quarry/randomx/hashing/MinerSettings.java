package io.quarry.randomx.hashing;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * How to run {@link MinerThreads}.
 *
 * @param threads miner threads; 0 means the engine's thread count ({@code threads})
 * @param affinity CPU pinning ({@code affinity})
 * @param threadFactory makes the miner threads and the re-key thread; they must be platform threads (a VM
 *     runs native code for milliseconds per hash and must stay on one OS thread for pinning)
 */
public record MinerSettings(int threads, AffinityPlan affinity, ThreadFactory threadFactory) {

    /** Checks arguments. */
    public MinerSettings {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, was " + threads);
        }
        Objects.requireNonNull(affinity, "affinity");
        Objects.requireNonNull(threadFactory, "threadFactory");
    }

    /** The engine's thread count, no pinning, daemon platform threads named {@code randomx-miner-N}. */
    public static MinerSettings defaults() {
        return new MinerSettings(0, AffinityPlan.OFF, Thread.ofPlatform().name("randomx-miner-", 0).daemon().factory());
    }

    /** A copy with another thread count. */
    public MinerSettings withThreads(int value) {
        return new MinerSettings(value, affinity, threadFactory);
    }

    /** A copy with another affinity plan. */
    public MinerSettings withAffinity(AffinityPlan value) {
        return new MinerSettings(threads, value, threadFactory);
    }

    /** A copy with another thread factory. */
    public MinerSettings withThreadFactory(ThreadFactory value) {
        return new MinerSettings(threads, affinity, value);
    }
}
