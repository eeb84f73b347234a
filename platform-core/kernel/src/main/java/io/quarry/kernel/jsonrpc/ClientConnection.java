package io.quarry.kernel.jsonrpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of a client: tells the client when it is up (after the TLS handshake, if any), hands it
 * every parsed line, and tells it why the connection ended.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

    private final LineClient client;
    private final JsonRpcEndpoint endpoint;
    private final Channel channel;
    // Event-loop confined, except reason, which close() may set from any thread.
    private boolean up;
    private boolean heard;
    private volatile String reason;

    ClientConnection(LineClient client, JsonRpcEndpoint endpoint, Channel channel) {
        this.client = client;
        this.endpoint = endpoint;
        this.channel = channel;
    }

    JsonRpcEndpoint endpoint() {
        return endpoint;
    }

    /** Queues one whole message; false when the connection is gone. */
    boolean send(byte[] message) {
        if (!channel.isActive()) {
            return false;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(message), channel.voidPromise());
        return true;
    }

    void close(String why) {
        if (reason == null) {
            reason = why;
        }
        channel.close();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            markUp();
        } else {
            tls.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    markUp();
                } else {
                    close("TLS handshake failed: " + done.cause().getMessage());
                }
            });
        }
        ctx.fireChannelActive();
    }

    private void markUp() {
        up = true;
        client.connected(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        client.ended(this, endpoint, reason != null ? reason : "closed by the server", up, heard);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        byte[] line;
        try {
            line = ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
        if (JsonRpcCodec.isBlank(line)) {
            return;
        }
        Incoming incoming = client.codec().parse(line);
        if (!heard && !(incoming instanceof Incoming.Malformed)) {
            heard = true;
            client.heard();
        }
        client.received(incoming);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            close("nothing received for " + client.settings().idleTimeout().toSeconds() + " s");
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String kind = WireErrors.classify(cause);
        client.metrics().error(kind);
        if (kind.equals(WireErrors.BUG)) {
            LOG.error("JSON-RPC client {}: connection to {} failed", client.name(), endpoint, cause);
        } else {
            LOG.debug("JSON-RPC client {}: connection to {}: {}", client.name(), endpoint, String.valueOf(cause));
        }
        close(switch (kind) {
            case WireErrors.LINE_TOO_LONG -> "the server sent a line over " + client.settings().maxLineBytes() + " bytes";
            case WireErrors.TLS -> "TLS failure: " + rootMessage(cause);
            case WireErrors.IO -> "I/O error: " + rootMessage(cause);
            default -> "internal error";
        });
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
