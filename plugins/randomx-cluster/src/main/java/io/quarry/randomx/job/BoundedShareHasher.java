package io.quarry.randomx.job;

import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs another {@link ShareHasher}'s native RandomX work on a few platform threads of its own, with a bounded queue.
 * Callers are transport and JSON-RPC handlers on virtual threads: a native hash (hundreds of milliseconds in light
 * mode, a second or more when a verifier re-keys) would pin the virtual thread's carrier for that long, and with as
 * many carriers as cores, two such checks stall every heartbeat and request of the node. Here the caller only waits
 * for the result (a virtual thread unmounts while it waits). When the queue is full the call fails at once with
 * {@link VerifierBusyException} and nothing was hashed, so the caller can tell its peer to retry.
 */
public final class BoundedShareHasher implements ShareHasher, AutoCloseable {

    private final ShareHasher hasher;
    private final ThreadPoolExecutor executor;
    private final AtomicLong busy = new AtomicLong();

    /**
     * @param hasher does the native work
     * @param threads platform threads running it
     * @param queue hashes waiting for a thread at most
     * @param name thread name prefix
     */
    public BoundedShareHasher(ShareHasher hasher, int threads, int queue, String name) {
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("threads and queue must be >= 1, were " + threads + ", " + queue);
        }
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name(name + "-", 0).daemon().factory());
    }

    /**
     * @throws VerifierBusyException when {@code queue} hashes already wait (nothing was hashed)
     * @throws RuntimeException what the wrapped hasher threw
     */
    @Override
    public byte[] hash(byte[] seedHash, byte[] blob) {
        CompletableFuture<byte[]> done;
        try {
            done = CompletableFuture.supplyAsync(() -> hasher.hash(seedHash, blob), executor);
        } catch (RejectedExecutionException e) {
            busy.incrementAndGet();
            throw new VerifierBusyException(executor.isShutdown() ? "the verifier is closed"
                    : "the verifier's queue is full (" + executor.getQueue().size() + " waiting)");
        }
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Hashes refused because the queue was full. */
    public long busyRefusals() {
        return busy.get();
    }

    /** Hashes waiting for a thread now. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    /** The queue of hashes waiting for a platform thread is full: try again shortly. */
    public static final class VerifierBusyException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        VerifierBusyException(String message) {
            super(message);
        }
    }
}
