package io.quarry.kernel.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on the silence an {@code IdleStateHandler} at the front of the pipeline reports (nothing read for the
 * idle timeout). A plain HTTP connection with no request being answered is closed; one whose handler is still
 * working is left alone. A WebSocket is pinged first (browsers and WebSocket clients answer on their own) and
 * closed only if it is still silent one timeout later. Per channel; sits right after the HTTP codec so it
 * sees decoded requests and the responses going out.
 */
final class IdleGuard extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IdleGuard.class);

    private final HttpMetrics metrics;
    private int requestsInFlight;
    private boolean pinged;

    IdleGuard(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pinged = false;
        if (msg instanceof HttpRequest) {
            requestsInFlight++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && requestsInFlight > 0) {
            // A FullHttpResponse is a LastHttpContent too: either ends the answer to one request.
            requestsInFlight--;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (ctx.pipeline().get(WebSocketUpgrade.FRAMES_HANDLER) != null) {
            if (!pinged) {
                pinged = true;
                // From the tail, so the frame goes through the WebSocket encoder.
                ctx.channel().writeAndFlush(new PingWebSocketFrame());
                return;
            }
        } else if (requestsInFlight > 0) {
            return;
        }
        metrics.connectionClosed(HttpMetrics.IDLE);
        LOG.debug("closing HTTP connection {}: silent for the idle timeout", ctx.channel().remoteAddress());
        ctx.close();
    }
}
