package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calling side: takes a per-(peer, protocol) permit (waiting at most the timeout: backpressure), encodes
 * the message on the caller's thread, gets a session from the pool, and starts an {@link OutboundCall}.
 */
final class OutboundCalls {

    private final PeerConnections connections;
    private final TransportSettings settings;
    private final TransportMetrics metrics;
    private final Executor executor;
    private final EventLoopGroup loops;
    private final PeerLimits limits = new PeerLimits();
    /** Outbound calls not yet complete, for {@link CallFuture.SpinPolicy}. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CallFuture.SpinPolicy spin;

    OutboundCalls(PeerConnections connections, TransportSettings settings, TransportMetrics metrics, Executor executor,
                  EventLoopGroup loops) {
        this.connections = connections;
        this.settings = settings;
        this.metrics = metrics;
        this.executor = executor;
        this.loops = loops;
        this.spin = new CallFuture.SpinPolicy(settings.spinWait().toNanos(), inFlight);
    }

    /** Starts a request, upload ({@code body} non-null) or download; completes as {@link OutboundCall} says. */
    CompletableFuture<Object> call(PeerAddress peer, Protocol<?, ?> protocol, Object message, HandlerKind kind,
                                   UploadBody body) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(protocol, "protocol");
        Duration timeout = timeoutOf(protocol);
        Semaphore permits = limits.of(peer.nodeId(), protocol);
        MessageCodec.Encoded encoded;
        try {
            acquire(permits, peer, protocol, timeout);
            try {
                encoded = MessageCodec.encodeMessage(message, protocol.maxMessageBytes(), protocol.id() + " message");
            } catch (TransportException e) {
                permits.release();
                throw e;
            }
        } catch (TransportException e) {
            closeQuietly(body);
            return CompletableFuture.failedFuture(e);
        }
        CallFuture<Object> result = new CallFuture<>(spin);
        inFlight.incrementAndGet();
        result.whenComplete((value, error) -> inFlight.decrementAndGet());
        connections.session(peer).whenComplete((session, error) -> {
            if (error != null) {
                encoded.payload().release();
                permits.release();
                closeQuietly(body);
                failAsync(result, unwrap(error));
                return;
            }
            begin(session, protocol, kind, encoded, body, permits, timeout, result);
        });
        return result;
    }

    /** Sends a one-way message; completes when it is written. */
    CompletableFuture<Void> send(PeerAddress peer, Protocol<?, ?> protocol, Object message) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(protocol, "protocol");
        MessageCodec.Encoded encoded;
        try {
            encoded = MessageCodec.encodeMessage(message, protocol.maxMessageBytes(), protocol.id() + " message");
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        ByteBuf payload = encoded.payload();
        connections.session(peer).whenComplete((session, error) -> {
            if (error != null) {
                payload.release();
                failAsync(result, unwrap(error));
                return;
            }
            int index = session.peerIndex(protocol.id());
            TransportException refusal = refusal(session, protocol, index, payload);
            if (refusal != null) {
                payload.release();
                failAsync(result, refusal);
                return;
            }
            metrics.message(protocol.id(), FrameType.ONEWAY, "out");
            Frame frame = new Frame(FrameType.ONEWAY, encoded.flags(), index, 0, payload);
            session.write(frame).addListener(done -> runAsync(() -> {
                if (done.isSuccess()) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(new TransportException("cannot send " + protocol.id() + " to "
                            + session.describe() + ": " + done.cause().getMessage(), done.cause()));
                }
            }));
        });
        return result;
    }

    private void begin(Session session, Protocol<?, ?> protocol, HandlerKind kind, MessageCodec.Encoded encoded,
                       UploadBody body, Semaphore permits, Duration timeout, CallFuture<Object> result) {
        ByteBuf payload = encoded.payload();
        if (result.isCancelled()) { // the caller gave up while the connection was being made
            payload.release();
            permits.release();
            closeQuietly(body);
            return;
        }
        int index = session.peerIndex(protocol.id());
        TransportException refusal = refusal(session, protocol, index, payload);
        if (refusal != null) {
            payload.release();
            permits.release();
            closeQuietly(body);
            failAsync(result, refusal);
            return;
        }
        OutboundCall call = new OutboundCall(session.nextCallId(), protocol, kind, session, result, executor, metrics,
                permits::release);
        if (kind == HandlerKind.UPLOAD) {
            call.credit = new StreamCredit(session.peerHello().streamWindowBytes());
        } else if (kind == HandlerKind.DOWNLOAD) {
            call.body = new StreamReceiver(settings.streamWindowBytes(), settings.readTimeout(),
                    credit -> session.write(Frame.credit(call.id, credit)), call::streamFinished,
                    metrics.streamBuffered());
        }
        session.track(call);
        metrics.message(protocol.id(), FrameType.REQUEST, "out");
        Frame request = new Frame(FrameType.REQUEST, kind.flag | encoded.flags(), index, call.id, payload);
        // A request's timer starts in the same event-loop task as its write (one wake-up of the loop, not two);
        // an upload's starts once its body is sent.
        Runnable then = kind != HandlerKind.UPLOAD ? () -> call.startTimeout(timeout) : () -> { };
        session.write(request, then).addListener(done -> {
            if (!done.isSuccess()) {
                call.fail(new TransportException("cannot send " + protocol.id() + " to " + session.describe() + ": "
                        + done.cause().getMessage(), done.cause()));
            }
        });
        // Cancelling the caller's future abandons the call: the peer gets a CANCEL, an upload stops sending.
        result.onCancel(call::cancelled);
        if (body instanceof UploadBody.InMemory inMemory) {
            PayloadSender.start(session, call, inMemory.take(), session.streamChunkBytes(), settings.readTimeout(),
                    timeout, metrics);
        } else if (body instanceof UploadBody.Streamed streamed) {
            runAsync(() -> sendBody(session, call, streamed.in(), timeout));
        }
    }

    private void sendBody(Session session, OutboundCall call, InputStream body, Duration timeout) {
        String protocol = call.protocol.id();
        int chunk = session.streamChunkBytes();
        try (body) {
            StreamSender.send(body, call.credit, session, new StreamSender.Target(call.id, protocol), chunk,
                    settings.readTimeout(), call::isOver, metrics);
            if (!call.isOver()) {
                session.write(Frame.empty(FrameType.STREAM_END, call.id));
                call.startTimeout(timeout);
            }
        } catch (IOException | RuntimeException e) {
            if (!call.isOver()) {
                session.cancelCall(call.id);
                call.fail(new TransportException("upload of " + protocol + " to " + session.describe() + " failed: "
                        + e.getMessage(), e));
            }
        }
    }

    /** Why a call cannot go out on {@code session}, or null when it can. */
    private static TransportException refusal(Session session, Protocol<?, ?> protocol, int index, ByteBuf payload) {
        if (index < 0) {
            return new TransportException(session.describe() + " does not serve protocol " + protocol.id()
                    + " (it serves " + session.peerHello().protocols() + ")");
        }
        int frame = payload.readableBytes() + Frame.HEADER_BYTES;
        if (frame > session.peerHello().maxFrameBytes()) {
            return new TransportException(protocol.id() + " message of " + payload.readableBytes() + " bytes exceeds "
                    + session.describe() + "'s frame limit of " + session.peerHello().maxFrameBytes());
        }
        return null;
    }

    private void acquire(Semaphore permits, PeerAddress peer, Protocol<?, ?> protocol, Duration timeout) {
        boolean got;
        try {
            // An event loop must never wait; a plugin calling from one gets the limit's answer at once.
            got = onEventLoop() ? permits.tryAcquire() : permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting to call " + protocol.id() + " on " + peer);
        }
        if (!got) {
            throw new TransportException(protocol.id() + " already has its limit of " + protocol.maxConcurrent()
                    + " calls in flight to node " + peer + "; none finished within " + timeout.toMillis() + " ms");
        }
    }

    private boolean onEventLoop() {
        for (EventExecutor loop : loops) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    Duration timeoutOf(Protocol<?, ?> protocol) {
        return protocol.timeout().isZero() ? settings.requestTimeout() : protocol.timeout();
    }

    private void failAsync(CompletableFuture<?> result, TransportException error) {
        runAsync(() -> result.completeExceptionally(error));
    }

    private void runAsync(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private static TransportException unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof TransportException te ? te
                : new TransportException("transport failure: " + cause.getMessage(), cause);
    }

    private static void closeQuietly(UploadBody body) {
        if (body != null) {
            body.close(); // the upload never started: the caller's stream is closed, a buffer released
        }
    }
}
