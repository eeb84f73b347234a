package io.quarry.kernel.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.quarry.api.transport.TransportException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to one peer, from TLS handshake to close: exchanges HELLOs, routes frames to the calls
 * they belong to ({@link CallTable}), hands peer calls to the {@link InboundDispatcher}, and cuts the peer
 * off (DEBUG line, {@code quarry.transport.protocol.errors{reason}}) when it breaks the protocol. Made per
 * channel; the last handler in the pipeline.
 */
final class Session extends SimpleChannelInboundHandler<Frame> {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final SessionContext context;
    private final boolean accepted;
    private final DialExpectation expectation;
    private final CompletableFuture<Session> ready = new CompletableFuture<>();
    private final CallTable calls;
    private final OutboundSpace space = new OutboundSpace();
    /** Event-loop stream senders waiting for room in the outbound buffer; touched on the event loop only. */
    private final List<Runnable> writableListeners = new ArrayList<>(1);
    /** Stream readers given data during the current socket read, woken once it is done; event loop only. */
    private final List<StreamReceiver> readersToWake = new ArrayList<>(1);
    /** Between a socket read's first frame and its channelReadComplete; event loop only. */
    private boolean reading;
    private final AtomicBoolean cutOff = new AtomicBoolean();
    private volatile Channel channel;
    private volatile String peerId;
    private volatile Hello peerHello;
    private volatile String closeReason;
    private ScheduledFuture<?> handshakeTimer;

    /** @param expectation the node a dial must reach; null for an accepted connection */
    Session(SessionContext context, DialExpectation expectation) {
        this.context = context;
        this.accepted = expectation == null;
        this.expectation = expectation;
        this.calls = new CallTable(accepted);
    }

    /** Completes once both HELLOs are through; fails with a {@link TransportException} otherwise. */
    CompletableFuture<Session> ready() {
        return ready;
    }

    String peerId() {
        return peerId;
    }

    boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive() && !cutOff.get();
    }

    /** "node 1a2b3c4d5e6f at 127.0.0.1:7070", for messages. */
    String describe() {
        String id = peerId != null ? "node " + peerId.substring(0, 12) : "unidentified peer";
        Channel ch = channel;
        if (ch != null && ch.remoteAddress() instanceof InetSocketAddress address) {
            return id + " at " + address.getHostString() + ":" + address.getPort();
        }
        return id;
    }

    /** The peer's index for {@code protocolId}, or -1 when it does not serve it. */
    int peerIndex(String protocolId) {
        return peerHello.protocols().indexOf(protocolId);
    }

    Hello peerHello() {
        return peerHello;
    }

    int nextCallId() {
        return calls.nextId();
    }

    ChannelFuture write(Frame frame) {
        return channel.writeAndFlush(frame);
    }

    /**
     * Writes {@code frame}, then runs {@code then} on the event loop, in one task: a caller off the loop wakes
     * it once for both (a request and its timer), instead of once for the write and again for the timer.
     */
    ChannelFuture write(Frame frame, Runnable then) {
        ChannelPromise promise = channel.newPromise();
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            channel.writeAndFlush(frame, promise);
            then.run();
            return promise;
        }
        try {
            loop.execute(() -> {
                channel.writeAndFlush(frame, promise);
                then.run();
            });
        } catch (RejectedExecutionException e) {
            frame.release();
            promise.tryFailure(e);
            then.run();
        }
        return promise;
    }

    /** Whether this connection's TLS engine is BoringSSL, which encrypts from direct memory without a copy. */
    boolean tlsTakesDirectMemory() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls != null && tls.engine() instanceof ReferenceCountedOpenSslEngine;
    }

    /** Waits, on a stream sender's thread, for room in the outbound buffer (see {@link OutboundSpace}). */
    void awaitWritable(Duration timeout) throws IOException {
        space.await(channel, timeout, describe());
    }

    ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return channel.eventLoop().schedule(task, delay, unit);
    }

    void track(OutboundCall call) {
        calls.add(call);
        if (!isOpen()) {
            call.fail(lost());
        }
    }

    void forgetOutbound(OutboundCall call) {
        calls.remove(call);
    }

    void track(InboundCall call) {
        calls.add(call);
    }

    void forgetInbound(InboundCall call) {
        calls.remove(call);
    }

    /** Tells the peer we abandoned call {@code id}. */
    void cancelCall(int id) {
        if (isOpen()) {
            write(Frame.empty(FrameType.CANCEL, id));
        }
    }

    /** Sends our current protocol list; once at start and again after each registration. */
    void sendHello() {
        Hello hello = new Hello(Hello.VERSION, context.registry().ids(), context.settings().maxFrameBytes(),
                context.settings().streamWindowBytes());
        ByteBuf payload = MessageCodec.encode(hello, context.settings().maxFrameBytes() - Frame.HEADER_BYTES, "HELLO");
        write(new Frame(FrameType.HELLO, 0, Frame.NO_PROTOCOL, 0, payload));
    }

    /** Disconnects a misbehaving peer: counts {@code reason}, logs at DEBUG, closes. Harmless twice. */
    void cutOff(ErrorReason reason, String detail) {
        if (!cutOff.compareAndSet(false, true)) {
            return;
        }
        context.metrics().error(reason);
        LOG.debug("cutting off {}: {} ({})", describe(), detail, reason.tag);
        // A wrong node is the whole story already ("expected node X but the peer at host:port is Y").
        close(detail, new TransportException(reason == ErrorReason.WRONG_NODE ? detail
                : "connection to " + describe() + " failed: " + detail));
    }

    /** Closes the connection without blaming the peer (we are shutting down). */
    void cutOffQuietly() {
        if (cutOff.compareAndSet(false, true)) {
            close("the local transport is closing", new TransportException("the transport is closed"));
        }
    }

    private void close(String reason, TransportException error) {
        closeReason = reason;
        ready.completeExceptionally(error);
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        context.metrics().connections(accepted).incrementAndGet();
        context.sessions().opened(this);
        long timeout = context.settings().handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(() -> {
            if (!ready.isDone()) {
                cutOff(ErrorReason.HANDSHAKE_TIMEOUT, "no TLS handshake and HELLO within " + timeout + " ms");
            }
        }, timeout, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        space.changed();
        if (ctx.channel().isWritable() && !writableListeners.isEmpty()) {
            // A copy: a sender that finishes removes itself while the list is walked. Then the first goes last, so
            // that senders sharing the connection take turns filling it rather than the first one always winning.
            for (Runnable listener : List.copyOf(writableListeners)) {
                listener.run();
            }
            Collections.rotate(writableListeners, -1);
        }
        super.channelWritabilityChanged(ctx);
    }

    /**
     * Wakes the stream readers that got data during this socket read: once per read (which may carry many
     * chunks), not once per chunk, so a reader thread is not woken, parked and woken again for every frame.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        reading = true;
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        reading = false;
        if (!readersToWake.isEmpty()) {
            for (StreamReceiver reader : readersToWake) {
                reader.wakeReader();
            }
            readersToWake.clear();
        }
        super.channelReadComplete(ctx);
    }

    /**
     * The body bytes per stream frame we send this peer: our {@code stream_chunk_bytes}, or less where the peer's
     * frames or window are smaller (its window holds two of its own chunks, not necessarily two of ours: a larger
     * chunk would wait for credit that never suffices).
     */
    int streamChunkBytes() {
        int peerTakes = Math.min(peerHello.maxFrameBytes() - Frame.HEADER_BYTES,
                peerHello.streamWindowBytes() / 2 - StreamCredit.CHUNK_OVERHEAD);
        return Math.min(context.settings().streamChunkBytes(), peerTakes);
    }

    /** The connection's channel, for a sender that writes from its event loop. */
    Channel channel() {
        return channel;
    }

    /** Runs {@code listener} on the event loop whenever the channel becomes writable again; event loop only. */
    void onWritable(Runnable listener) {
        writableListeners.add(listener);
    }

    /** Stops what {@link #onWritable} started; event loop only. */
    void removeOnWritable(Runnable listener) {
        writableListeners.remove(listener);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            handshakeDone(ctx, done);
        } else if (event instanceof IdleStateEvent && calls.isEmpty()) {
            LOG.debug("closing the idle connection to {}", describe());
            closeReason = "idle for " + context.settings().idleTtl().toSeconds() + " s";
            ctx.close();
        }
        super.userEventTriggered(ctx, event);
    }

    private void handshakeDone(ChannelHandlerContext ctx, SslHandshakeCompletionEvent done) {
        if (!done.isSuccess()) {
            String mismatch = expectation != null ? expectation.mismatch() : null;
            if (mismatch != null) {
                cutOff(ErrorReason.WRONG_NODE, mismatch);
            } else {
                cutOff(ErrorReason.TLS, "TLS handshake failed: " + done.cause().getMessage());
            }
            return;
        }
        try {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            peerId = PeerCertificates.nodeIdOf(tls.engine().getSession().getPeerCertificates());
        } catch (SSLPeerUnverifiedException | CertificateException e) {
            cutOff(ErrorReason.TLS, "no usable peer certificate after the handshake: " + e.getMessage());
            return;
        }
        sendHello();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (peerHello == null && frame.type != FrameType.HELLO) {
            throw new PeerProtocolException(ErrorReason.PROTOCOL_VIOLATION, "sent " + frame.type + " before HELLO");
        }
        switch (frame.type) {
            case HELLO -> onHello(frame.content());
            case REQUEST, ONEWAY -> onCall(frame);
            case RESPONSE, ERROR -> onAnswer(frame);
            case STREAM_DATA, STREAM_END -> onStream(frame);
            case CREDIT -> {
                StreamCredit credit = calls.credit(frame.callId);
                if (credit != null) {
                    credit.grant(frame.content().readInt());
                }
            }
            case CANCEL -> {
                InboundCall call = calls.mine(frame.callId) ? null : calls.inbound(frame.callId);
                if (call != null) {
                    call.cancel("the caller cancelled the call");
                }
            }
            default -> throw new IllegalStateException("unhandled frame type " + frame.type);
        }
    }

    private void onHello(ByteBuf payload) {
        Hello hello = MessageCodec.decode(payload, Hello.class, "HELLO");
        Hello previous = peerHello;
        hello.checkFollows(previous);
        peerHello = hello;
        if (previous == null) {
            handshakeTimer.cancel(false);
            LOG.debug("session with {} ready; it serves {}", describe(), hello.protocols());
            context.sessions().ready(this);
            ready.complete(this);
        }
    }

    private void onCall(Frame frame) {
        Registration registration = context.registry().at(frame.protocol);
        if (registration == null) {
            throw new PeerProtocolException(ErrorReason.UNKNOWN_PROTOCOL,
                    "called protocol index " + frame.protocol + ", which we never advertised");
        }
        int size = frame.content().readableBytes();
        if (size > registration.protocol().maxMessageBytes()) {
            throw new PeerProtocolException(ErrorReason.OVERSIZE_MESSAGE, registration.id() + " message of " + size
                    + " bytes exceeds the limit of " + registration.protocol().maxMessageBytes());
        }
        if (frame.type == FrameType.REQUEST && (calls.mine(frame.callId) || calls.inbound(frame.callId) != null)) {
            throw new PeerProtocolException(ErrorReason.PROTOCOL_VIOLATION,
                    "reused or misnumbered call id " + Integer.toUnsignedString(frame.callId));
        }
        context.metrics().message(registration.id(), frame.type, "in");
        context.dispatcher().dispatch(this, frame, registration);
    }

    /** A RESPONSE or ERROR for one of our calls; late ones (after a timeout or cancel) are no fault. */
    private void onAnswer(Frame frame) {
        OutboundCall call = calls.mine(frame.callId) ? calls.outbound(frame.callId) : null;
        if (call == null) {
            return;
        }
        context.metrics().message(call.protocol.id(), frame.type, "in");
        if (frame.type == FrameType.RESPONSE) {
            if (call.kind != HandlerKind.DOWNLOAD) {
                call.onResponse(frame.content(), frame.flags);
            }
            return;
        }
        WireError error = MessageCodec.decode(frame.content(), WireError.class, "ERROR");
        call.fail(new TransportException(describe() + " failed the " + call.protocol.id() + " call: "
                + error.message() + " (" + error.code() + ")"));
    }

    private void onStream(Frame frame) {
        StreamReceiver body = calls.body(frame.callId);
        if (body == null) {
            return; // a stream that already ended here: late frames are dropped
        }
        context.metrics().message(calls.protocolOf(frame.callId), frame.type, "in");
        OutboundCall download = calls.mine(frame.callId) ? calls.outbound(frame.callId) : null;
        if (download != null) {
            download.streamStarted();
        }
        if (frame.type == FrameType.STREAM_END) {
            body.end();
            if (download != null) {
                download.end(true);
            }
        } else if (!body.offer(frame.content())) {
            throw new PeerProtocolException(ErrorReason.FLOW_CONTROL, "sent stream data beyond the credit granted");
        } else if (!reading) {
            body.wakeReader(); // not inside a socket read (no channelReadComplete will follow): wake it now
        } else if (body.queueWake()) {
            readersToWake.add(body);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        // Out of the pool before the gauge drops: whoever sees the connection count fall dials a fresh one.
        context.sessions().closed(this);
        context.metrics().connections(accepted).decrementAndGet();
        space.changed(); // a stream sender waiting for room learns of the close
        TransportException lost = lost();
        ready.completeExceptionally(lost);
        calls.failAll(lost);
        super.channelInactive(ctx);
    }

    /**
     * Sorts failures as the conventions ask: a peer's malformed input is a counted cut-off, a TLS failure
     * during the handshake is counted by {@link #handshakeDone}, an I/O error is DEBUG, anything else is our
     * bug and logged at ERROR.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        PeerProtocolException fault = PeerProtocolException.of(cause);
        Throwable root = cause.getCause() != null ? cause.getCause() : cause;
        if (fault != null) {
            cutOff(fault.reason, fault.getMessage());
        } else if (root instanceof SSLException || cause instanceof SSLException) {
            if (ready.isDone()) {
                cutOff(ErrorReason.TLS, "TLS failure: " + root.getMessage());
            } else {
                closeReason = root.getMessage();
                ctx.close();
            }
        } else if (root instanceof IOException || cause instanceof IOException) {
            LOG.debug("connection to {} failed: {}", describe(), root.getMessage());
            closeReason = root.getMessage();
            ctx.close();
        } else {
            LOG.error("bug while serving {}; closing the connection", describe(), cause);
            closeReason = "internal error: " + cause;
            ctx.close();
        }
    }

    private TransportException lost() {
        String why = closeReason != null ? ": " + closeReason : "";
        return new TransportException("connection to " + describe() + " closed" + why);
    }
}
