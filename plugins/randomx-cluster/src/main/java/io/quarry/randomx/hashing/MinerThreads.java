package io.quarry.randomx.hashing;

import io.quarry.api.miner.HashrateMeter;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mining loop: a fixed set of threads scanning nonces of the current {@link MoneroJob} with RandomX's batch
 * API and reporting hashes below the job's target to a {@link CandidateListener} as {@link Share}s.
 *
 * <p>{@link #setJob} switches work without restarting threads: each thread finishes the hash in flight and takes
 * the new job. A job whose seed is not the engine's key starts a re-key on a separate thread; miners idle only
 * until the new key is ready, and keep their VMs (re-pointed by the engine). Lifecycle: {@link #start()} once,
 * {@link #close()} any number of times; the engine's {@code close} closes its miners first.
 */
public final class MinerThreads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MinerThreads.class);
    private static final long JOIN_MILLIS = 5_000;

    /**
     * The job in force, with copies of its seed and blob the threads read without copying again; replaced, never
     * mutated, so threads notice a switch by identity.
     */
    record Slot(MoneroJob job, byte[] seed, byte[] blob, NonceRange range, long version) {
    }

    private final RandomXEngine engine;
    private final MinerSettings settings;
    private final CandidateListener listener;
    private final int count;
    private final HashrateMeter hashrate;
    private final Object signal = new Object();
    private final AtomicBoolean rekeying = new AtomicBoolean();
    private final Thread[] threads;
    private volatile Slot slot = new Slot(null, null, null, NonceRange.FULL, 0);
    private volatile boolean started;
    private volatile boolean closed;
    private volatile byte[] failedSeed;

    /** Miner threads over {@code engine}; nothing runs before {@link #start()}. */
    public MinerThreads(RandomXEngine engine, MinerSettings settings, CandidateListener listener) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.count = settings.threads() > 0 ? settings.threads() : engine.threads();
        this.hashrate = new HashrateMeter();
        this.threads = new Thread[count];
    }

    /** Starts the threads; they idle until {@link #setJob}. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("miner threads already started");
        }
        started = true;
        engine.register(this);
        for (int i = 0; i < count; i++) {
            threads[i] = settings.threadFactory().newThread(new MinerThread(this, engine, i, count, settings.affinity().cpuFor(i)));
            threads[i].start();
        }
        LOG.info("{} RandomX miner threads started (affinity {})", count, settings.affinity());
    }

    /** Mines {@code job} over the nonces it leaves free ({@link NonceRange#of}). */
    public void setJob(MoneroJob job) {
        setJob(job, NonceRange.of(job));
    }

    /** Mines {@code job} over {@code range}: thread i of n takes range.start + i + k*n. */
    public void setJob(MoneroJob job, NonceRange range) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(range, "range");
        byte[] seed = job.seedHash();
        synchronized (signal) {
            slot = new Slot(job, seed, job.blob(), range, slot.version() + 1);
            failedSeed = null;
            signal.notifyAll();
        }
        if (!engine.isSeed(seed)) {
            startRekey();
        }
    }

    /** Stops hashing until the next {@link #setJob} (threads stay). */
    public void clearJob() {
        synchronized (signal) {
            slot = new Slot(null, null, null, NonceRange.FULL, slot.version() + 1);
            signal.notifyAll();
        }
    }

    /** The job being mined, if any. */
    public Optional<MoneroJob> job() {
        return Optional.ofNullable(slot.job());
    }

    /** Hashrate over 10 s / 60 s / 15 min, counted since construction. */
    public HashrateMeter hashrate() {
        return hashrate;
    }

    /** Hashes computed so far. */
    public long totalHashes() {
        return hashrate.total();
    }

    /** Number of miner threads. */
    public int threadCount() {
        return count;
    }

    /** Stops and joins the threads (each finishes its hash in flight); each thread frees its own VM. */
    @Override
    public void close() {
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
        }
        long deadline = System.currentTimeMillis() + JOIN_MILLIS;
        for (Thread thread : threads) {
            if (thread != null) {
                try {
                    thread.join(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        engine.unregister(this);
    }

    /** Whether every thread has ended (the engine frees memory only then). */
    boolean terminated() {
        return Arrays.stream(threads).allMatch(thread -> thread == null || !thread.isAlive());
    }

    // ---- for MinerThread ----

    Slot slot() {
        return slot;
    }

    boolean closed() {
        return closed;
    }

    void counted() {
        hashrate.record(1);
    }

    void found(Share share) {
        try {
            listener.onCandidate(share);
        } catch (RuntimeException e) {
            LOG.warn("Candidate listener failed on {}", share, e);
        }
    }

    /** Waits briefly for a job switch, a new key or close; the timeout covers signals sent before the wait. */
    void await(Slot seen) throws InterruptedException {
        synchronized (signal) {
            if (slot == seen && !closed) {
                signal.wait(100);
            }
        }
    }

    /** Called by the engine after a re-key. */
    void keyChanged() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void startRekey() {
        if (!closed && rekeying.compareAndSet(false, true)) {
            settings.threadFactory().newThread(this::rekey).start();
        }
    }

    /** Re-keys to the current job's seed until it matches (jobs may change meanwhile). */
    private void rekey() {
        try {
            Slot s;
            while (!closed && (s = slot).job() != null && !engine.isSeed(s.seed())
                    && !Arrays.equals(failedSeed, s.seed())) {
                try {
                    engine.setSeed(s.seed());
                } catch (RuntimeException e) {
                    failedSeed = s.seed();
                    LOG.error("RandomX re-key for job {} failed; miners wait for another job", s.job().jobId(), e);
                }
            }
        } finally {
            rekeying.set(false);
        }
        Slot s = slot;
        if (!closed && s.job() != null && !engine.isSeed(s.seed()) && !Arrays.equals(failedSeed, s.seed())) {
            startRekey(); // a job with another seed arrived while this re-key was finishing
        }
    }
}
