package io.quarry.randomx.job;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where mining work comes from and results go to: a pool over Monero Stratum, or monerod for solo mining. The
 * hashing engine and the Stratum endpoint for outside miners see only this, so either upstream serves both.
 *
 * <p>Work is split between independent workers (the node's own engine, each outside miner) with
 * {@link #forWorker}: every worker index gets work no other index gets, so nobody repeats another's hashes.
 */
public interface WorkSource extends AutoCloseable {

    /** For logs and the stats page ({@code "pool tls://pool.example:443"}, {@code "monerod http://..."}). */
    String describe();

    /**
     * Adds a listener told of every new job, in order, on the source's own thread; it should hand heavy work
     * off. A listener added while a job is current is told of that job at once.
     */
    void onJob(Consumer<MoneroJob> listener);

    /** The job being mined now, if any. */
    Optional<MoneroJob> currentJob();

    /**
     * Sends a result upstream. A share that does not meet its job's target (or, solo, the block difficulty) is
     * refused here without being sent. Never completes exceptionally: failures become a rejected result.
     */
    CompletableFuture<SubmitResult> submit(Share share);

    /**
     * Worker {@code worker}'s slice of {@code job}. By default the nonce's top byte is fixed to the worker
     * index (256 workers, XMRig's "nicehash" mode); a source with a reserved area in the block (monerod) writes
     * the index there instead and may serve far more.
     */
    default MoneroJob forWorker(MoneroJob job, int worker) {
        return job.withNoncePrefix(worker);
    }

    /** How many distinct workers {@link #forWorker} can serve (indexes 0 to this, exclusive). */
    default int maxWorkers() {
        return 256;
    }

    /**
     * The nonces this node's own threads may try in {@code job} (a {@link #forWorker} slice). By default all the
     * slice leaves free; a cluster member's source narrows it to the range its master assigned.
     */
    default io.quarry.randomx.hashing.NonceRange nonceRange(MoneroJob job) {
        return io.quarry.randomx.hashing.NonceRange.of(job);
    }

    /** Starts fetching work; returns at once. */
    void start();

    /** Stops fetching work and releases connections; harmless to call twice. */
    @Override
    void close();
}
