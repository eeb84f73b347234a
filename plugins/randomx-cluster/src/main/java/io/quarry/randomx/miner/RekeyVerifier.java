package io.quarry.randomx.miner;

import io.quarry.randomx.hashing.Hasher;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.ShareHasher;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies shares (outside miners', cluster members') while the engine re-keys. In fast mode a new seed means a
 * new 2 GiB dataset, which takes far longer than the 256 MiB cache a light-mode verifier needs; so a share under
 * the seed the node is moving to is checked with a light verifier keyed to that seed, made on first need and
 * closed once the engine holds the seed. Shares under the engine's current seed use the engine; shares under any
 * other seed are refused (the caller answers "could not be verified"). Thread-safe.
 */
final class RekeyVerifier implements ShareHasher, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RekeyVerifier.class);

    /** A light verifier and the key it holds. */
    interface LightVerifier extends Hasher, AutoCloseable {
        @Override
        void close();
    }

    private final Hasher engine;
    private final Function<byte[], Boolean> engineHolds;
    private final Supplier<Optional<MoneroJob>> currentJob;
    private final Function<byte[], LightVerifier> lightFor;
    private byte[] lightSeed;
    private LightVerifier light;
    private boolean closed;

    /**
     * @param engine the node's engine
     * @param engineHolds whether the engine is keyed to a seed now
     * @param currentJob the job the node mines now (its seed is the one the engine is moving to)
     * @param lightFor makes a light verifier keyed to a seed (blocking while its cache is built)
     */
    RekeyVerifier(Hasher engine, Function<byte[], Boolean> engineHolds, Supplier<Optional<MoneroJob>> currentJob,
                  Function<byte[], LightVerifier> lightFor) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.engineHolds = Objects.requireNonNull(engineHolds, "engineHolds");
        this.currentJob = Objects.requireNonNull(currentJob, "currentJob");
        this.lightFor = Objects.requireNonNull(lightFor, "lightFor");
    }

    @Override
    public byte[] hash(byte[] seedHash, byte[] blob) {
        if (engineHolds.apply(seedHash)) {
            Optional<byte[]> hash = engine.hashIfSeed(seedHash, blob);
            if (hash.isPresent()) {
                retireLight(seedHash);
                return hash.get();
            }
        }
        boolean coming = currentJob.get().map(job -> Arrays.equals(job.seedHash(), seedHash)).orElse(false);
        if (!coming) {
            throw new IllegalStateException("the RandomX engine is not keyed to this share's seed");
        }
        return lightVerifier(seedHash).hashIfSeed(seedHash, blob)
                .orElseThrow(() -> new IllegalStateException("the light verifier holds another seed"));
    }

    /** Whether a light verifier exists now (for tests and stats). */
    synchronized boolean hasLightVerifier() {
        return light != null;
    }

    private synchronized Hasher lightVerifier(byte[] seedHash) {
        if (closed) {
            throw new IllegalStateException("the miner is stopping");
        }
        if (light == null || !Arrays.equals(lightSeed, seedHash)) {
            if (light != null) {
                light.close();
            }
            LOG.info("RandomX engine is re-keying; verifying shares with a light-mode verifier meanwhile");
            light = lightFor.apply(seedHash.clone());
            lightSeed = seedHash.clone();
        }
        return light;
    }

    /** The engine holds {@code seedHash} now: a light verifier for it is no longer needed. */
    private synchronized void retireLight(byte[] seedHash) {
        if (light != null && Arrays.equals(lightSeed, seedHash)) {
            light.close();
            light = null;
            lightSeed = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (light != null) {
            light.close();
            light = null;
        }
    }
}
