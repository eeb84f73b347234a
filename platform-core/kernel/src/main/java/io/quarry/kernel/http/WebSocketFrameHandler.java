package io.quarry.kernel.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of a WebSocket connection (after the frame decoder and aggregator): answers pings and
 * closes itself, refuses binary messages, and passes whole text messages to the connection. Per channel.
 * Frames are released by {@link SimpleChannelInboundHandler} after each read.
 */
final class WebSocketFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketFrameHandler.class);

    private final WebSocketConnection connection;

    WebSocketFrameHandler(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case TextWebSocketFrame text -> connection.received(text.text());
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case PongWebSocketFrame pong -> {
                // Unsolicited pongs are allowed (RFC 6455 section 5.5.3) and mean nothing.
            }
            // RFC 6455 section 5.5.1: answer a close with a close, then drop the connection.
            case CloseWebSocketFrame close -> ctx.writeAndFlush(close.retainedDuplicate())
                    .addListener(ChannelFutureListener.CLOSE);
            case BinaryWebSocketFrame binary -> connection.closeWith(WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
            default -> connection.closeWith(WebSocketCloseStatus.PROTOCOL_ERROR);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // From the aggregator: the fragments of one message add up to more than the limit.
            LOG.debug("WebSocket {} sent an oversized message: {}", connection, cause.getMessage());
            connection.closeWith(WebSocketCloseStatus.MESSAGE_TOO_BIG);
        } else if (cause instanceof CodecException || cause instanceof IOException) {
            // Peer trouble; for a protocol violation the frame decoder has already sent its close (1002/1007/1009).
            LOG.debug("WebSocket {} failed: {}", connection, cause.toString());
            ctx.close();
        } else {
            LOG.error("Unexpected error on WebSocket {}", connection, cause);
            ctx.close();
        }
    }
}
