package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.quarry.api.transport.TransportException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends an upload body that is already in memory (a {@link io.quarry.api.transport.Payload}) from the connection's
 * event loop, the way a plain Netty handler would: each STREAM_DATA frame is a slice of the body (no copy; the TLS
 * engine reads it where it is), written while the reader's credit and the outbound buffer allow, and sending
 * resumes when a CREDIT frame or a writability change comes in, both on the same loop. No thread waits for credit
 * and none hands chunks over to the loop, which is what makes an {@link java.io.InputStream} upload slower
 * ({@link StreamSender}).
 *
 * <p>A peer that grants no credit and reads nothing for the read timeout fails the call, as with
 * {@link StreamSender}; a watchdog on the event loop checks once per read timeout, not per chunk. Ending the call
 * any way (response, failure, cancel, lost connection) cancels the credit, which stops the sender and releases
 * the body.
 */
final class PayloadSender implements Runnable {

    private final Session session;
    private final Channel channel;
    private final OutboundCall call;
    private final ByteBuf body;
    private final int chunkBytes;
    private final Duration readTimeout;
    private final Duration responseTimeout;
    private final TransportMetrics metrics;
    private long lastProgress;
    /** Set once, by whoever releases the body: the event loop, or a thread the closing loop turned away. */
    private final AtomicBoolean done = new AtomicBoolean();
    private ScheduledFuture<?> watchdog;

    private PayloadSender(Session session, OutboundCall call, ByteBuf body, int chunkBytes, Duration readTimeout,
                          Duration responseTimeout, TransportMetrics metrics) {
        this.session = session;
        this.channel = session.channel();
        this.call = call;
        this.body = body;
        this.chunkBytes = chunkBytes;
        this.readTimeout = readTimeout;
        this.responseTimeout = responseTimeout;
        this.metrics = metrics;
    }

    /**
     * Starts sending {@code body} (taking over its reference) for {@code call}, whose REQUEST was already written
     * or queued to the same event loop. Then the response timer starts, once STREAM_END is written.
     */
    static void start(Session session, OutboundCall call, ByteBuf body, int chunkBytes, Duration readTimeout,
                      Duration responseTimeout, TransportMetrics metrics) {
        PayloadSender sender = new PayloadSender(session, call, body, chunkBytes, readTimeout, responseTimeout,
                metrics);
        try {
            sender.channel.eventLoop().execute(sender::begin);
        } catch (RejectedExecutionException e) {
            body.release();
            call.fail(new TransportException("the transport is closed"));
        }
    }

    private void begin() {
        lastProgress = System.nanoTime();
        call.credit.listen(this);
        session.onWritable(this);
        watchdog = session.schedule(this::checkStall, readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        run();
    }

    /** Sends what credit and the outbound buffer allow; runs on the event loop, or hops onto it. */
    @Override
    public void run() {
        if (!channel.eventLoop().inEventLoop()) {
            try {
                channel.eventLoop().execute(this);
            } catch (RejectedExecutionException e) {
                // The loop is gone, so is the connection (the call fails with it): only the body is left to release;
                // the session's lists belong to the loop and die with it.
                if (done.compareAndSet(false, true)) {
                    body.release();
                }
            }
            return;
        }
        if (done.get()) {
            return;
        }
        if (call.isOver()) {
            finish();
            return;
        }
        boolean wrote = false;
        while (body.isReadable() && channel.isWritable()) {
            int length = Math.min(chunkBytes, body.readableBytes());
            if (!call.credit.tryAcquire(StreamCredit.cost(length))) {
                break;
            }
            metrics.message(call.protocol.id(), FrameType.STREAM_DATA, "out");
            ByteBuf chunk = body.readRetainedSlice(length);
            channel.write(new Frame(FrameType.STREAM_DATA, 0, Frame.NO_PROTOCOL, call.id, chunk));
            lastProgress = System.nanoTime();
            wrote = true;
        }
        if (!body.isReadable()) {
            channel.write(Frame.empty(FrameType.STREAM_END, call.id));
            call.startTimeout(responseTimeout);
            finish();
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Fails the call when nothing could be sent for the read timeout; else looks again a read timeout later. */
    private void checkStall() {
        if (done.get()) {
            return;
        }
        long idle = System.nanoTime() - lastProgress;
        if (idle < readTimeout.toNanos()) {
            watchdog = session.schedule(this::checkStall, readTimeout.toNanos() - idle, TimeUnit.NANOSECONDS);
            return;
        }
        String why = channel.isWritable()
                ? "the peer granted no stream credit for " + readTimeout.toMillis() + " ms (it stopped reading)"
                : session.describe() + " read nothing for " + readTimeout.toMillis() + " ms";
        finish();
        if (!call.isOver()) {
            session.cancelCall(call.id);
            call.fail(new TransportException("upload of " + call.protocol.id() + " to "
                    + session.describe() + " failed: " + why));
        }
    }

    /** Stops for good and releases the body; on the event loop. */
    private void finish() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        call.credit.listen(null);
        session.removeOnWritable(this);
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        body.release();
    }
}
