package io.quarry.kernel.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending side of a stream's flow control: how many bytes the reader has allowed. A chunk costs its
 * length plus {@link #CHUNK_OVERHEAD}, so a reader's window also bounds how many chunks it buffers. The
 * sender waits for credit (on its own virtual thread), at most the read timeout; a sender on the event loop
 * ({@link PayloadSender}) takes it with {@link #tryAcquire} and is told of new credit by a listener instead.
 */
final class StreamCredit {

    /** Charged per chunk on top of its bytes: a peer cannot fill memory with one-byte chunks. */
    static final int CHUNK_OVERHEAD = 64;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long available;
    private String cancelled;
    private volatile Runnable listener;

    StreamCredit(int initial) {
        this.available = initial;
    }

    /** What a chunk of {@code bytes} costs in credit. */
    static int cost(int bytes) {
        return bytes + CHUNK_OVERHEAD;
    }

    private void wakeWaiters() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code listener} after each grant and on cancellation, on the thread that granted or cancelled (the
     * event loop reading CREDIT frames, or whoever ended the call); null stops it.
     */
    void listen(Runnable listener) {
        this.listener = listener;
    }

    private void notifyListener() {
        Runnable current = listener;
        if (current != null) {
            current.run();
        }
    }

    /** Adds credit the reader granted. */
    void grant(int bytes) {
        lock.lock();
        try {
            available += Integer.toUnsignedLong(bytes);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        notifyListener();
    }

    /** Takes {@code cost} credit if the reader granted that much and the stream is not cancelled; never waits. */
    boolean tryAcquire(int cost) {
        lock.lock();
        try {
            if (cancelled != null || available < cost) {
                return false;
            }
            available -= cost;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the stream: any waiting or later {@link #acquire} throws with {@code why}. */
    void cancel(String why) {
        lock.lock();
        try {
            if (cancelled == null) {
                cancelled = why;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        notifyListener();
    }

    /**
     * Takes {@code cost} credit, waiting up to {@code timeout} for the reader to grant it.
     *
     * @throws IOException when cancelled, interrupted, or no credit came in time
     */
    void acquire(int cost, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The wait parks untimed; Deadlines wakes it once the timeout passed (no timer per chunk).
        Deadlines.Watch watch = null;
        lock.lock();
        try {
            while (cancelled == null && available < cost) {
                if (deadline - System.nanoTime() <= 0) {
                    throw new IOException("the peer granted no stream credit for " + timeout.toMillis()
                            + " ms (it stopped reading)");
                }
                if (watch == null) {
                    watch = Deadlines.watch(deadline, this::wakeWaiters);
                }
                changed.await();
            }
            if (cancelled != null) {
                throw new IOException(cancelled);
            }
            available -= cost;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for stream credit");
        } finally {
            lock.unlock();
            if (watch != null) {
                watch.cancel();
            }
        }
    }
}
