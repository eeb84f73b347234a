package io.quarry.kernel.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The body of a {@link StreamedResponse} as an {@link OutputStream}, used on a handler thread (never an event
 * loop). Bytes go out in chunks of {@link #CHUNK} and each write waits until the previous chunk left, so a slow
 * client holds at most two chunks of the node's memory. A chunk the client does not take within the write timeout
 * (the node's idle timeout) closes the connection and fails the writer, so a client that stops reading cannot
 * hold the connection and the handler thread.
 */
final class ChannelBodyOutput extends OutputStream {

    static final int CHUNK = 64 * 1024;

    private final Channel channel;
    private final long writeTimeoutNanos;
    private final byte[] buffer = new byte[CHUNK];
    private int used;
    private long written;
    private ChannelFuture previous;
    private boolean closed;

    ChannelBodyOutput(Channel channel, Duration writeTimeout) {
        this.channel = channel;
        this.writeTimeoutNanos = writeTimeout.toNanos();
    }

    @Override
    public void write(int b) throws IOException {
        if (used == CHUNK) {
            send();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        while (len > 0) {
            if (used == CHUNK) {
                send();
            }
            int take = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, buffer, used, take);
            used += take;
            off += take;
            len -= take;
        }
    }

    /** Bytes handed to this stream so far. */
    long written() {
        return written + used;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        send();
        closed = true;
        await(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    private void send() throws IOException {
        if (closed) {
            throw new IOException("response body already closed");
        }
        if (used == 0) {
            return;
        }
        ChannelFuture sent = channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buffer, 0, used)));
        written += used;
        used = 0;
        if (previous != null) {
            await(previous);
        }
        previous = sent;
    }

    private void await(ChannelFuture future) throws IOException {
        try {
            if (!future.await(writeTimeoutNanos, TimeUnit.NANOSECONDS)) {
                channel.close();
                throw new IOException("client took no response body for " + writeTimeoutNanos / 1_000_000
                        + " ms; connection closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending a response body", e);
        }
        if (!future.isSuccess()) {
            throw new IOException("client connection failed while sending a response body", future.cause());
        }
    }
}
