package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.quarry.api.transport.ChunkedBody;
import io.quarry.api.transport.Payload;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The reading side of a stream: chunks arrive from the event loop ({@link #offer}), a handler or caller
 * reads them as an {@link InputStream} on its own thread. At most {@code window} credit is buffered; credit
 * goes back to the sender as chunks are consumed, in batches of a quarter window, so the sender can run at
 * link speed while memory stays bounded. A sender that overruns the window is a protocol violation.
 *
 * <p>Chunks stay in the buffers they were received in (retained, not copied): a read copies straight from them
 * into the reader's array, the only copy on this side, and each is released once read, on close, or when the
 * stream is over. {@link #nextChunk} lends the chunk itself, as a {@link ReceivedPayload} that the next call on
 * the stream releases (every access to it after that throws). No reader ever sees a released buffer: every
 * access is under a lock and a released chunk is gone from the queue.
 *
 * <p>The event loop does not wake the reader for every chunk it offers: {@link Session} wakes it once the socket
 * read that carried them is done ({@link #queueWake}, {@link #wakeReader}).
 */
final class StreamReceiver extends InputStream implements ChunkedBody {

    /** Told once when the stream is over, with whether it was read to its end. */
    interface Finish {
        void finished(boolean complete);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private final int window;
    private final Duration readTimeout;
    private final IntConsumer creditSink;
    private final Finish finish;
    private final AtomicLong bufferedGauge;
    private long buffered;
    private int uncredited;
    private ByteBuf current;
    private ReceivedPayload lent;
    private int lentCost;
    private boolean wakeQueued;
    private boolean ended;
    private boolean closed;
    private boolean finished;
    private String failure;

    StreamReceiver(int window, Duration readTimeout, IntConsumer creditSink, Finish finish, AtomicLong bufferedGauge) {
        this.window = window;
        this.readTimeout = readTimeout;
        this.creditSink = creditSink;
        this.finish = finish;
        this.bufferedGauge = bufferedGauge;
    }

    /**
     * Takes a chunk from the event loop (a retained view; the caller keeps its own reference). Returns false when
     * it exceeds the credit granted; the caller cuts the peer off.
     */
    boolean offer(ByteBuf data) {
        int length = data.readableBytes();
        int cost = StreamCredit.cost(length);
        lock.lock();
        try {
            if (closed || ended || failure != null) {
                return true; // late data for a stream already over: dropped, not the peer's fault
            }
            if (buffered + cost > window) {
                return false;
            }
            chunks.add(data.retainedSlice());
            buffered += cost;
            bufferedGauge.addAndGet(cost);
            return true; // the reader is woken at the end of the socket read (queueWake)
        } finally {
            lock.unlock();
        }
    }

    /**
     * After an {@link #offer}: whether the caller must wake the reader once the current socket read is done (true
     * once until {@link #wakeReader} ran).
     */
    boolean queueWake() {
        lock.lock();
        try {
            if (wakeQueued) {
                return false;
            }
            wakeQueued = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a reader waiting for the chunks offered since the last wake. */
    void wakeReader() {
        lock.lock();
        try {
            wakeQueued = false;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The sender finished; readers see end of stream after the buffered chunks. */
    void end() {
        lock.lock();
        try {
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stream broke; readers get an {@link IOException} with {@code why} once buffered chunks are read. */
    void fail(String why) {
        lock.lock();
        try {
            if (failure == null && !ended) {
                failure = why;
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        int[] n = {-1};
        next(chunk -> {
            n[0] = Math.min(length, chunk.readableBytes());
            chunk.readBytes(target, offset, n[0]);
            if (chunk.isReadable()) {
                return 0;
            }
            int credit = consumed(StreamCredit.cost(chunk.writerIndex()));
            chunk.release();
            current = null;
            return credit;
        });
        return n[0];
    }

    /**
     * The next chunk as it arrived (what is left of it, after reads), lent without a copy until the next call on
     * this stream; null at the end.
     */
    @Override
    public Payload nextChunk() throws IOException {
        Payload[] chunk = {null};
        next(buffer -> {
            lentCost = StreamCredit.cost(buffer.writerIndex());
            lent = new ReceivedPayload(buffer, "this stream chunk was released by the next call on its stream;"
                    + " copy what you keep (toByteArray, writeTo) before reading on");
            current = null;
            chunk[0] = lent;
            return 0;
        });
        return chunk[0];
    }

    /** What a read does with the current chunk, under the lock; returns the credit it freed to send back now. */
    private interface Take {
        int take(ByteBuf chunk);
    }

    /**
     * The one way to read on: takes back a lent chunk, waits for the next one and hands it to {@code take} under the
     * lock; then, outside the lock, releases the chunk taken back and sends the credit freed (even when the wait
     * failed, so a lent chunk's credit is never lost). Returns whether there was a chunk; at the end of the stream,
     * false.
     *
     * @throws IOException when the stream broke, was closed, or the wait was interrupted
     */
    private boolean next(Take take) throws IOException {
        int credit = 0;
        boolean got = false;
        String failed = null;
        ReceivedPayload returned = null;
        lock.lock();
        try {
            returned = lent;
            credit = returnLent();
            failed = awaitChunk();
            if (failed == null && current != null) {
                credit += take.take(current);
                got = true;
            }
        } finally {
            lock.unlock();
            if (returned != null) {
                returned.release();
            }
            if (credit > 0) {
                creditSink.accept(credit);
            }
        }
        if (failed != null) {
            finishOnce(false);
            throw new IOException(failed);
        }
        if (!got) {
            finishOnce(true);
        }
        return got;
    }

    /**
     * Takes back the chunk {@link #nextChunk} lent, if any (the caller releases it, after unlocking: a plugin may be
     * in the middle of writing it out, holding the payload's own lock, and the event loop must never wait for that
     * behind this stream's lock); returns the credit to send back now. Lock held.
     */
    private int returnLent() {
        if (lent == null) {
            return 0;
        }
        lent = null;
        return consumed(lentCost);
    }

    /** A chunk costing {@code cost} was consumed; returns the credit to send back now (batched). Lock held. */
    private int consumed(int cost) {
        buffered -= cost;
        bufferedGauge.addAndGet(-cost);
        uncredited += cost;
        if (uncredited >= window / 4) {
            int credit = uncredited;
            uncredited = 0;
            return credit;
        }
        return 0;
    }

    /**
     * Waits until {@link #current} is readable or the stream is over (then it stays null). Returns the
     * failure, if the stream broke. Called with the lock held.
     */
    private String awaitChunk() throws IOException {
        long deadline = System.nanoTime() + readTimeout.toNanos();
        // The wait parks untimed; Deadlines wakes it once the read timeout passed (no timer per chunk).
        Deadlines.Watch watch = null;
        try {
            while (current == null) {
                if (closed) {
                    throw new IOException("stream closed");
                }
                current = chunks.poll();
                if (current != null) {
                    return null;
                }
                if (failure != null) {
                    return failure;
                }
                if (ended) {
                    return null;
                }
                if (deadline - System.nanoTime() <= 0) {
                    failure = "no stream data from the peer for " + readTimeout.toMillis() + " ms";
                    return failure;
                }
                if (watch == null) {
                    watch = Deadlines.watch(deadline, this::wakeReaders);
                }
                try {
                    arrived.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading a stream");
                }
            }
            return null;
        } finally {
            if (watch != null) {
                watch.cancel();
            }
        }
    }

    private void wakeReaders() {
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return current == null ? 0 : current.readableBytes();
        } finally {
            lock.unlock();
        }
    }

    /** Drops what is buffered; a stream closed before its end counts as abandoned. */
    @Override
    public void close() {
        boolean complete;
        ReceivedPayload returned;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            complete = ended && chunks.isEmpty() && current == null;
            bufferedGauge.addAndGet(-buffered);
            buffered = 0;
            chunks.forEach(ByteBuf::release);
            chunks.clear();
            if (current != null) {
                current.release();
                current = null;
            }
            returned = lent; // released after unlocking, as in returnLent
            lent = null;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
        if (returned != null) {
            returned.release();
        }
        finishOnce(complete);
    }

    private void finishOnce(boolean complete) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
        } finally {
            lock.unlock();
        }
        finish.finished(complete);
    }
}
