package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.limit.TokenBucket;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: the last pipeline stage and the session plugins see. Lines are parsed, checked and
 * rate-limited here on the event loop (cheap, bounded by the line limit); requests then go to the plugin's
 * handler one at a time on a virtual thread ({@link SessionEvents}). Reading pauses while too many requests
 * wait, so a client that pipelines faster than its handler answers is pushed back by TCP instead of queued
 * in memory.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter implements JsonRpcSession {

    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    /** Requests waiting for the handler at which reading pauses, and at which it resumes. */
    static final int PAUSE_AT = 64;
    static final int RESUME_AT = 16;

    private final ServerShared server;
    private final Channel channel;
    private final String id;
    private final InetSocketAddress remote;
    private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
    private final SessionEvents events;
    private final TokenBucket bucket;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile String closeReason;
    // Event-loop confined.
    private int strikes;
    private int queued;
    private boolean paused;

    ServerConnection(ServerShared server, Channel channel) {
        this.server = server;
        this.channel = channel;
        this.id = server.name() + "-" + server.ids().incrementAndGet();
        this.remote = (InetSocketAddress) channel.remoteAddress();
        this.events = new SessionEvents(server, this);
        this.bucket = server.limits().rate().isOff() ? null
                : new TokenBucket(server.limits().rate(), server.clock());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        return attributes;
    }

    @Override
    public boolean notify(String method, Object params) {
        try {
            return send(server.codec().notification(method, params));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params of notification " + method + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean isOpen() {
        return !closing.get() && channel.isActive();
    }

    @Override
    public void close() {
        closeAfterFlush("closed by server");
    }

    /**
     * Queues one whole message. A client whose queue is past {@code maxOutboundBytes} (the channel's high
     * water mark) is not reading: it is closed rather than buffered for ever.
     */
    boolean send(byte[] message) {
        if (closing.get() || !channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            server.metrics().error("slow_consumer");
            LOG.debug("JSON-RPC session {} from {} is not reading; more than {} bytes queued, closing", id, remote,
                    server.limits().maxOutboundBytes());
            closeNow("too slow: outbound buffer full");
            return false;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(message), channel.voidPromise());
        return true;
    }

    void closeNow(String reason) {
        if (closing.compareAndSet(false, true)) {
            closeReason = reason;
            channel.close();
        }
    }

    private void closeAfterFlush(String reason) {
        if (closing.compareAndSet(false, true)) {
            closeReason = reason;
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        server.sessions().add(this);
        events.opened();
        channel.closeFuture().addListener(closed -> closed());
        ctx.fireChannelActive();
    }

    private void closed() {
        server.sessions().remove(this);
        String reason = closeReason != null ? closeReason : "closed by peer";
        LOG.debug("JSON-RPC session {} from {} closed: {}", id, remote, reason);
        events.closed(reason);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            onLine(ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
    }

    private void onLine(byte[] line) {
        if (closing.get() || JsonRpcCodec.isBlank(line)) {
            return;
        }
        switch (server.codec().parse(line)) {
            case Incoming.Call call -> admit(call.request());
            case Incoming.Malformed bad -> {
                server.metrics().error(bad.reason());
                LOG.debug("JSON-RPC session {} from {} sent a bad line: {}", id, remote, bad.error().message());
                strike(bad.error(), bad.id(), bad.reason());
            }
            case Incoming.Reply reply -> {
                // This server never sends requests, so a reply is a confused client; it gets no answer back, so
                // two confused peers cannot keep answering each other.
                server.metrics().error("unexpected_response");
                strike(null, null, "unexpected_response");
            }
        }
    }

    private void admit(JsonRpcRequest request) {
        if (!takeToken()) {
            server.metrics().error("rate_limited");
            JsonRpcError refusal = request.isNotification() ? null
                    : new JsonRpcError(JsonRpcError.RATE_LIMITED, "Rate limited");
            strike(refusal, request.id(), "rate_limited");
            events.rateLimited(request);
            return;
        }
        strikes = 0;
        if (++queued >= PAUSE_AT && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
        events.request(request, () -> {
            try {
                channel.eventLoop().execute(this::dequeued);
            } catch (RejectedExecutionException e) {
                // The event loop is shutting down and this connection with it.
            }
        });
    }

    private boolean takeToken() {
        TokenBucket global = server.globalBucket();
        return (bucket == null || bucket.tryTake()) && (global == null || global.tryTake());
    }

    private void strike(JsonRpcError answer, Object requestId, String reason) {
        if (answer != null) {
            send(server.codec().error(requestId, answer));
        }
        if (++strikes >= server.limits().maxStrikes()) {
            server.metrics().error("too_many_strikes");
            LOG.debug("JSON-RPC session {} from {}: {} bad lines in a row (last: {}), closing", id, remote, strikes,
                    reason);
            closeAfterFlush("too many bad lines in a row (" + reason + ")");
        }
    }

    private void dequeued() {
        if (--queued <= RESUME_AT && paused) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            server.metrics().error("idle_timeout");
            LOG.debug("JSON-RPC session {} from {} sent nothing for {}, closing", id, remote,
                    server.limits().idleTimeout());
            closeNow("idle timeout");
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String reason = WireErrors.classify(cause);
        server.metrics().error(reason);
        switch (reason) {
            case WireErrors.LINE_TOO_LONG -> {
                LOG.debug("JSON-RPC session {} from {} sent a line over {} bytes, closing", id, remote,
                        server.limits().maxLineBytes());
                send(server.codec().error(null, new JsonRpcError(JsonRpcError.INVALID_REQUEST,
                        "Line longer than " + server.limits().maxLineBytes() + " bytes")));
                closeAfterFlush("line too long");
            }
            case WireErrors.BUG -> {
                LOG.error("JSON-RPC session {} from {} failed, closing", id, remote, cause);
                closeNow("internal error");
            }
            default -> {
                LOG.debug("JSON-RPC session {} from {}: {}, closing", id, remote, String.valueOf(cause));
                closeNow(reason.equals(WireErrors.TLS) ? "TLS failure" : "I/O error");
            }
        }
    }

    @Override
    public String toString() {
        return id + " " + remote;
    }
}
