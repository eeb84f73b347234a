package io.quarry.randomx.miner;

import io.quarry.randomx.hashing.RandomXEngine;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.ShareHasher;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Re-hashes outside miners' shares with the node's own engine. A share under the seed the node is moving to
 * (its engine still building the cache or dataset for the current job) waits for that key, up to
 * {@link #KEY_WAIT}, rather than being turned away; a share under a seed the engine has left cannot be checked
 * and is answered "could not be verified" by the endpoint.
 */
final class EngineShareHasher implements ShareHasher {

    /** Longer than a light-mode cache; a fast-mode dataset may take longer, and then the share is not verified. */
    static final Duration KEY_WAIT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 50;

    private final RandomXEngine engine;
    private final Supplier<Optional<MoneroJob>> currentJob;

    EngineShareHasher(RandomXEngine engine, Supplier<Optional<MoneroJob>> currentJob) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.currentJob = Objects.requireNonNull(currentJob, "currentJob");
    }

    @Override
    public byte[] hash(byte[] seedHash, byte[] blob) {
        long deadline = System.nanoTime() + KEY_WAIT.toNanos();
        while (true) {
            if (engine.isSeed(seedHash)) {
                Optional<byte[]> hash = engine.hashIfSeed(seedHash, blob);
                if (hash.isPresent()) {
                    return hash.get();
                }
            }
            boolean coming = currentJob.get().map(job -> Arrays.equals(job.seedHash(), seedHash)).orElse(false);
            if (!coming) {
                throw new IllegalStateException("the RandomX engine is not keyed to this share's seed");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the RandomX engine is still preparing this seed after " + KEY_WAIT);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the RandomX key", e);
            }
        }
    }
}
