package io.quarry.kernel.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.function.LongConsumer;

/**
 * A request body as it arrives, for a streaming handler: the event loop {@link #offer}s copied chunks, the
 * handler's thread reads them. {@code onConsumed} hears how many bytes each read took out of the queue (to give
 * budget back and resume reading the socket), called on the reading thread.
 */
final class RequestBodyStream extends InputStream {

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final LongConsumer onConsumed;
    private byte[] current;
    private int position;
    private long queued;
    private boolean finished;
    private IOException failure;

    RequestBodyStream(LongConsumer onConsumed) {
        this.onConsumed = onConsumed;
    }

    /** Adds a chunk (event loop). */
    synchronized void offer(byte[] chunk) {
        if (finished || failure != null || chunk.length == 0) {
            return;
        }
        chunks.add(chunk);
        queued += chunk.length;
        notifyAll();
    }

    /** The body ended (event loop). */
    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** The body will not arrive whole (event loop); readers get {@code why}. */
    synchronized void fail(IOException why) {
        if (!finished && failure == null) {
            failure = why;
            chunks.clear();
            notifyAll();
        }
    }

    /** Bytes received and not yet read. */
    synchronized long queued() {
        return queued;
    }

    /** Whether the whole body arrived and was read. */
    synchronized boolean drained() {
        return finished && queued == 0;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        int n;
        synchronized (this) {
            while (current == null) {
                if (failure != null) {
                    throw failure;
                }
                if (!chunks.isEmpty()) {
                    current = chunks.poll();
                    position = 0;
                } else if (finished) {
                    return -1;
                } else {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while reading a request body", e);
                    }
                }
            }
            n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            if (position == current.length) {
                current = null;
            }
            queued -= n;
        }
        onConsumed.accept(n);
        return n;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(queued, Integer.MAX_VALUE);
    }
}
