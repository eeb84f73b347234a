package io.quarry.poies.hash;

import io.quarry.api.miner.HashrateMeter;
import io.quarry.poies.model.Bytes;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU backend: {@code threads} platform threads ({@code MINER_THREADS}), each on its own stripe of the job's
 * range (thread {@code i} of {@code n} hashes offsets {@code i, i + n, i + 2n, ...}), so no two ever hash the same
 * nonce. A thread checks for a new job every {@value #BATCH} nonces, so a new template stops the old one's work
 * within a millisecond or so.
 *
 * <p>Each thread hashes with the {@link ScanKernel} the device was made with ({@link ScanKernel#detect()} unless
 * given): with SIMD lanes, one pass of the permutation hashes the thread's next {@code lanes} nonces of its stripe;
 * a nonce that passes the 64-bit pre-filter is hashed again on the scalar path for its full digest. The kernel is
 * logged when the workers start.
 */
public final class CpuDevice implements Device {

    private static final Logger LOG = LoggerFactory.getLogger(CpuDevice.class);

    /** Nonces a thread hashes between looks at the current job. */
    static final int BATCH = 1024;
    /** Batches a thread hashes between updates of the hash rate meter. */
    private static final int BATCHES_PER_REPORT = 16;

    private final int threads;
    private final ScanKernel kernel;
    private final ScanListener listener;
    private final HashrateMeter meter;
    private final Executor executor;
    private final LongAdder hashes = new LongAdder();
    /** Workers waiting for a job: each has flushed its count and hashes nothing until the next one. */
    private final AtomicInteger idle = new AtomicInteger();
    private final Object lock = new Object();
    private final CountDownLatch stopped;
    private boolean started;

    private volatile Slot slot;
    private volatile boolean closed;

    /**
     * A device with {@code threads} workers on its own daemon threads ({@code poies-cpu-N}), started with the
     * first job, reporting to {@code listener}.
     *
     * @param meter where hashes are recorded (the plugin's {@code Miner} stats read it)
     */
    public CpuDevice(int threads, ScanListener listener, HashrateMeter meter) {
        this(threads, listener, meter, ownThreads());
    }

    /**
     * A device whose workers run on {@code executor}, which must be able to run {@code threads} long-lived
     * CPU-bound tasks at once (the kernel's {@code TaskExecutors.platform(name, threads)}); they end on
     * {@link #close}.
     */
    public CpuDevice(int threads, ScanListener listener, HashrateMeter meter, Executor executor) {
        this(threads, listener, meter, executor, ScanKernel.detect());
    }

    /** A device on {@code executor} hashing with {@code kernel} (the benchmark and tests compare kernels). */
    public CpuDevice(int threads, ScanListener listener, HashrateMeter meter, Executor executor, ScanKernel kernel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        this.threads = threads;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.meter = Objects.requireNonNull(meter, "meter");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.stopped = new CountDownLatch(threads);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int workers() {
        return threads;
    }

    /** Nonces a worker hashes per pass of the permutation: the kernel's SIMD lanes, 1 on the scalar kernel. */
    @Override
    public int lanes() {
        return kernel.lanes();
    }

    /** The hashing kernel the workers run. */
    public ScanKernel kernel() {
        return kernel;
    }

    @Override
    public void scan(ScanJob job) {
        Objects.requireNonNull(job, "job");
        NonceHasher hasher = new NonceHasher(job.template()); // encode once, outside the lock
        long limit = UDraw.prefilterLimit(job.shareTargetMicro());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the CPU device is closed");
            }
            slot = new Slot(job, hasher, limit, new AtomicInteger(threads));
            if (!started) {
                started = true;
                LOG.info("PoIES CPU scanner: {} thread{}, {}", threads, threads == 1 ? "" : "s",
                        kernel.description());
                for (int i = 0; i < threads; i++) {
                    executor.execute(new Worker(i));
                }
            }
            lock.notifyAll();
        }
    }

    @Override
    public void pause() {
        synchronized (lock) {
            slot = null;
        }
    }

    @Override
    public long hashes() {
        return hashes.sum();
    }

    /** How many workers are waiting for a job (after {@link #pause}, all of them once their batch ends). */
    int idleWorkers() {
        return idle.get();
    }

    @Override
    public HashrateMeter hashrate() {
        return meter;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            slot = null;
            lock.notifyAll();
            if (!started) {
                return;
            }
        }
        try {
            if (!stopped.await(1, TimeUnit.SECONDS)) {
                LOG.warn("PoIES CPU scanner threads did not stop within 1 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Executor ownThreads() {
        ThreadFactory factory = Thread.ofPlatform().daemon().name("poies-cpu-", 0).factory();
        return task -> factory.newThread(task).start();
    }

    /** One scanning thread: its stripe of the current job and its own hasher. */
    private final class Worker implements Runnable {

        private final int index;
        private Slot mine;
        private NonceHasher hasher;
        private NonceLanes lanes;
        private final long[] top = new long[kernel.lanes()];
        private long offset; // next offset into the job's range; -1 once this stripe of a bounded range is done
        private long unreported;

        Worker(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            try {
                while (!closed) {
                    Slot current = slot;
                    if (current == null || (current == mine && offset == -1)) {
                        flush();
                        if (!awaitChange(mine)) {
                            return;
                        }
                        continue;
                    }
                    if (current != mine) {
                        mine = current;
                        hasher = current.hasher.copy();
                        lanes = kernel.newLanes(current.hasher);
                        offset = index;
                    }
                    unreported += scanBatch();
                    if (unreported >= (long) BATCH * BATCHES_PER_REPORT) {
                        flush();
                    }
                    if (offset == -1) {
                        // Counted before the stripe is marked done, so the range-done call sees every hash.
                        flush();
                        if (mine.unfinished.decrementAndGet() == 0) {
                            notifyRangeDone(mine.job);
                        }
                    }
                }
            } catch (RuntimeException | Error e) {
                LOG.error("PoIES CPU scanner thread {} stopped", index, e);
            } finally {
                flush();
                stopped.countDown();
            }
        }

        /** Hashes up to {@link #BATCH} nonces of this stripe and returns how many it hashed. */
        private int scanBatch() {
            ScanJob job = mine.job;
            long count = job.nonceCount();
            long limit = mine.limit;
            long at = offset;
            int hashed = 0;
            int width = top.length;
            if (width > 1) {
                long span = (long) (width - 1) * threads; // offset of the last lane from the first
                // whole passes while every lane's nonce is inside the range (the rest go the scalar way below)
                while (hashed + width <= BATCH && (count == 0 || Long.compareUnsigned(at, count) < 0
                        && Long.compareUnsigned(count - at, span) > 0)) {
                    long first = job.firstNonce() + at;
                    lanes.hashTop64(first, threads, top);
                    for (int i = 0; i < width; i++) {
                        if (Long.compareUnsigned(top[i], limit) <= 0) {
                            long nonce = first + (long) i * threads;
                            check(job, nonce, hasher.digest(nonce));
                        }
                    }
                    at += span + threads;
                    hashed += width;
                }
            }
            for (; hashed < BATCH; hashed++) {
                if (count != 0 && Long.compareUnsigned(at, count) >= 0) {
                    offset = -1;
                    return hashed;
                }
                long nonce = job.firstNonce() + at;
                if (Long.compareUnsigned(hasher.hashTop64(nonce), limit) <= 0) {
                    check(job, nonce, hasher.lastDigest());
                }
                at += threads;
            }
            offset = at;
            return hashed;
        }

        private void flush() {
            if (unreported > 0) {
                hashes.add(unreported);
                meter.record(unreported);
                unreported = 0;
            }
        }
    }

    private void check(ScanJob job, long nonce, byte[] digest) {
        long h = UDraw.hMicroOfDigest(digest);
        if (h < job.shareTargetMicro()) {
            return; // passed the 64-bit pre-filter only
        }
        try {
            listener.onCandidate(new Candidate(job, nonce, Bytes.of(digest), h));
        } catch (RuntimeException e) {
            LOG.warn("Candidate listener failed on nonce {} of template {}", nonce, job.template().templateId(), e);
        }
    }

    private void notifyRangeDone(ScanJob job) {
        try {
            listener.onRangeDone(job);
        } catch (RuntimeException e) {
            LOG.warn("Range-done listener failed for template {}", job.template().templateId(), e);
        }
    }

    /** Waits for a job other than {@code seen}; false when the thread should end (closed or interrupted). */
    private boolean awaitChange(Slot seen) {
        synchronized (lock) {
            idle.incrementAndGet();
            try {
                while (!closed && (slot == null || slot == seen)) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return !closed;
            } finally {
                idle.decrementAndGet();
            }
        }
    }

    /** The job being scanned and what every thread derives from it once. */
    private record Slot(ScanJob job, NonceHasher hasher, long limit, AtomicInteger unfinished) {
    }
}
