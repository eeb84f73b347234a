package io.quarry.kernel.transport;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets stream senders wait for room in one connection's outbound buffer (below its high-water mark), so a
 * peer that stops reading cannot make us buffer without bound, whatever credit it granted.
 */
final class OutboundSpace {

    /** Re-checks this often too, so a close (which signals nothing) is noticed promptly. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** The channel's writability changed (event loop). */
    void changed() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once {@code channel} is writable.
     *
     * @throws IOException when it closes or stays full for {@code timeout}
     */
    void await(Channel channel, Duration timeout, String peer) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!channel.isWritable()) {
                if (!channel.isActive()) {
                    throw new IOException("connection to " + peer + " closed");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException(peer + " read nothing for " + timeout.toMillis() + " ms");
                }
                changed.await(Math.min(left, RECHECK_NANOS), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send");
        } finally {
            lock.unlock();
        }
    }
}
