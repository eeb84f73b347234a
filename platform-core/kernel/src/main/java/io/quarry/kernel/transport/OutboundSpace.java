package io.quarry.kernel.transport;

import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets stream senders wait for room in one connection's outbound buffer (below its high-water mark), so a
 * peer that stops reading cannot make us buffer without bound, whatever credit it granted.
 */
final class OutboundSpace {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** The channel's writability changed, or it closed (event loop). */
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
        if (channel.isWritable()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // The wait parks untimed: writability changes and the channel's close signal it, Deadlines wakes it once
        // the timeout passed (no timer per wait).
        Deadlines.Watch watch = null;
        lock.lock();
        try {
            while (!channel.isWritable()) {
                if (!channel.isActive()) {
                    throw new IOException("connection to " + peer + " closed");
                }
                if (deadline - System.nanoTime() <= 0) {
                    throw new IOException(peer + " read nothing for " + timeout.toMillis() + " ms");
                }
                if (watch == null) {
                    watch = Deadlines.watch(deadline, this::changed);
                }
                changed.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send");
        } finally {
            lock.unlock();
            if (watch != null) {
                watch.cancel();
            }
        }
    }
}
