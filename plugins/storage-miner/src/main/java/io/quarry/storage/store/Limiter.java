package io.quarry.storage.store;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backpressure for one kind of work (Store, PullFromPeer, FetchBlob, proof generation): at most
 * {@link #max()} at once; a caller that cannot get a permit within its wait is refused and counted.
 */
public final class Limiter {

    private final String name;
    private final int max;
    private final Semaphore permits;
    private final AtomicLong rejected = new AtomicLong();

    /** A limiter called {@code name} (for messages and metrics) allowing {@code max} at once. */
    public Limiter(String name, int max) {
        if (max < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + max);
        }
        this.name = name;
        this.max = max;
        this.permits = new Semaphore(max, true);
    }

    /** A permit within {@code wait}, or empty (counted as rejected) when all stay taken. */
    public Optional<Permit> tryAcquire(Duration wait) {
        try {
            if (permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.of(new Permit(permits));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rejected.incrementAndGet();
        return Optional.empty();
    }

    /** The limiter's name, e.g. {@code store_concurrency}. */
    public String name() {
        return name;
    }

    /** Permits in all. */
    public int max() {
        return max;
    }

    /** Permits held now. */
    public int inUse() {
        return max - permits.availablePermits();
    }

    /** Callers refused so far. */
    public long rejected() {
        return rejected.get();
    }

    /** One unit of admitted work; closing it (once, further closes do nothing) lets the next caller in. */
    public static final class Permit implements AutoCloseable {

        private final Semaphore permits;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore permits) {
            this.permits = permits;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        }
    }
}
