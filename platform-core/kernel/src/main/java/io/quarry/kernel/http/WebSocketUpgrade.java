package io.quarry.kernel.http;

import io.quarry.kernel.exec.SerialExecutor;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.WebSocketHandler;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an HTTP connection into a WebSocket one. Reading pauses while the route, the token and the plugin's
 * handler factory are dealt with on the handler executor; the handshake and the pipeline swap then happen
 * on the event loop, and reading resumes once the 101 is out.
 */
final class WebSocketUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgrade.class);

    /** Name of the last stage of an upgraded connection; its presence marks a channel as a WebSocket. */
    static final String FRAMES_HANDLER = "ws-frames";

    private final HttpRoutes routes;
    private final AccessPolicy access;
    private final HttpMetrics metrics;
    private final Executor executor;
    private final int maxMessageBytes;
    private final WebSocketDecoderConfig decoderConfig;

    WebSocketUpgrade(HttpRoutes routes, AccessPolicy access, HttpMetrics metrics, Executor executor,
                     int maxMessageBytes) {
        this.routes = routes;
        this.access = access;
        this.metrics = metrics;
        this.executor = executor;
        this.maxMessageBytes = maxMessageBytes;
        // No extensions: permessage-deflate would let a small frame inflate past the limit.
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxMessageBytes)
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .build();
    }

    static boolean isUpgrade(HttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /** Called on the event loop with the upgrade request, which the caller releases on return. */
    void begin(ChannelHandlerContext ctx, FullHttpRequest request, IncomingRequest in, SerialExecutor serial) {
        // The handshake needs only the request line and headers, and runs after this request is released.
        FullHttpRequest copy = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, request.headers().copy(), EmptyHttpHeaders.INSTANCE);
        ctx.channel().config().setAutoRead(false);
        serial.execute(() -> prepare(ctx, copy, in));
    }

    /** Runs on the handler executor: everything that may call plugin code or block. */
    private void prepare(ChannelHandlerContext ctx, FullHttpRequest copy, IncomingRequest in) {
        Channel channel = ctx.channel();
        Optional<WebSocketRoute.Match> match = routes.resolveWebSocket(in.target());
        if (match.isEmpty() || !"GET".equals(in.method())) {
            reject(channel, in, HttpMetrics.UNMATCHED, Responses.notFound(in.target().path()));
            return;
        }
        WebSocketRoute route = match.get().route();
        String tag = route.template().text();
        io.quarry.api.http.HttpRequest request = in.toApi(HttpMethod.GET, match.get().params());
        if (!access.permits(route.access(), request, true)) {
            reject(channel, in, tag, Responses.unauthorized());
            return;
        }
        WebSocketHandler handler;
        try {
            handler = route.handlers().create(request);
            if (handler == null) {
                throw new IllegalStateException("WebSocket handler factory returned null");
            }
        } catch (Throwable t) {
            String id = Responses.newErrorId();
            LOG.error("WebSocket handler factory for {} failed (error id {})", tag, id, t);
            reject(channel, in, tag, Responses.error(500, "internal error", "id", id));
            return;
        }
        try {
            channel.eventLoop().execute(() -> handshake(ctx, copy, in, route, handler));
        } catch (RejectedExecutionException e) {
            LOG.debug("WebSocket upgrade from {} dropped: the server is shutting down", in.remote());
        }
    }

    /** Runs on the event loop. */
    private void handshake(ChannelHandlerContext ctx, FullHttpRequest copy, IncomingRequest in,
                           WebSocketRoute route, WebSocketHandler handler) {
        Channel channel = ctx.channel();
        String tag = route.template().text();
        if (!channel.isActive()) {
            return;
        }
        String host = copy.headers().get(HttpHeaderNames.HOST, "localhost");
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory("ws://" + host + copy.uri(), null, decoderConfig)
                        .newHandshaker(copy);
        if (handshaker == null) {
            metrics.record(in.method(), tag, 426, in.startNanos());
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        WebSocketConnection connection = new WebSocketConnection(channel, in.remote(), handler, route, executor);
        ChannelPipeline pipeline = channel.pipeline();
        try {
            // Swaps the HTTP codec and aggregator for the WebSocket frame codec; frames cannot arrive before
            // reading resumes below, so the stages added next are in place in time.
            handshaker.handshake(channel, copy).addListener(done -> {
                if (done.isSuccess()) {
                    metrics.record(in.method(), tag, 101, in.startNanos());
                    connection.opened();
                    channel.config().setAutoRead(true);
                } else {
                    LOG.debug("WebSocket handshake with {} failed: {}", in.remote(), done.cause().toString());
                    channel.close();
                }
            });
        } catch (WebSocketHandshakeException e) {
            reject(channel, in, tag, Responses.badRequest(e.getMessage()));
            return;
        }
        // Text must be valid UTF-8 (RFC 6455 section 8.1), checked across fragments; else close with 1007.
        pipeline.addBefore(ctx.name(), "ws-utf8", new Utf8FrameValidator(true));
        // Fragmented messages are joined up to the same limit as one frame.
        pipeline.addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxMessageBytes));
        pipeline.replace(ctx.name(), FRAMES_HANDLER, new WebSocketFrameHandler(connection));
    }

    private void reject(Channel channel, IncomingRequest in, String tag, FullHttpResponse response) {
        metrics.record(in.method(), tag, response.status().code(), in.startNanos());
        Responses.writeAndClose(channel, response);
    }
}
