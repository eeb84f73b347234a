package io.quarry.kernel.http;

import io.quarry.kernel.exec.SerialExecutor;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last stage of an HTTP connection: refuses malformed requests, hands good ones to the handler executor
 * and writes the answers back. Per channel: it owns the connection's serial executor, which keeps answers in
 * request order (HTTP/1.1 pipelining), and pauses reading while a request is in flight, which bounds how
 * much one client can queue.
 */
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpRequestHandler.class);
    private static final int MAX_DETAIL = 200;

    private final RequestDispatcher dispatcher;
    private final WebSocketUpgrade upgrades;
    private final HttpMetrics metrics;
    private final SerialExecutor serial;
    /** How long a streamed response may wait for the client to take a chunk. */
    private final Duration writeTimeout;
    /** Requests handed to the executor and not yet answered; event-loop confined. */
    private int inFlight;
    /** Set once a request was refused and the connection is closing; later requests are ignored. */
    private boolean closing;

    HttpRequestHandler(RequestDispatcher dispatcher, WebSocketUpgrade upgrades, HttpMetrics metrics,
                       Executor executor) {
        this(dispatcher, upgrades, metrics, new SerialExecutor(executor), HttpLimits.DEFAULTS.idleTimeout());
    }

    /** With the connection's serial executor shared (with {@link StreamingRequests}). */
    HttpRequestHandler(RequestDispatcher dispatcher, WebSocketUpgrade upgrades, HttpMetrics metrics,
                       SerialExecutor serial, Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
        this.dispatcher = dispatcher;
        this.upgrades = upgrades;
        this.metrics = metrics;
        this.serial = serial;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (closing) {
            return;
        }
        long start = System.nanoTime();
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            rejectMalformed(ctx, request.method().name(), describe(decoded.cause()), start);
            return;
        }
        RequestTarget target;
        try {
            target = RequestTarget.parse(request.uri());
        } catch (IllegalArgumentException e) {
            rejectMalformed(ctx, request.method().name(), e.getMessage(), start);
            return;
        }
        IncomingRequest in = IncomingRequest.copyOf(request, target, remote(ctx.channel().remoteAddress()), start);
        if (WebSocketUpgrade.isUpgrade(request)) {
            upgrades.begin(ctx, request, in, serial);
            return;
        }
        if (inFlight++ == 0) {
            ctx.channel().config().setAutoRead(false);
        }
        serial.execute(() -> answer(ctx, in));
    }

    /** Runs on the handler executor. */
    private void answer(ChannelHandlerContext ctx, IncomingRequest in) {
        try {
            FullHttpResponse response;
            try {
                response = dispatcher.dispatch(in);
            } catch (RuntimeException | Error e) {
                response = dispatcher.internalError(in, e);
            }
            if (in.isHead()) {
                response = Responses.withoutBody(response);
            }
            HttpUtil.setKeepAlive(response, in.keepAlive());
            if (response instanceof StreamedResponse streamed) {
                writeStreamed(ctx, streamed, in.keepAlive(), writeTimeout);
                return;
            }
            var written = ctx.writeAndFlush(response);
            if (!in.keepAlive()) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            try {
                ctx.executor().execute(() -> {
                    if (--inFlight == 0 && ctx.channel().isActive()) {
                        ctx.channel().config().setAutoRead(true);
                    }
                });
            } catch (RejectedExecutionException e) {
                // The server is shutting down and this connection with it.
            }
        }
    }

    /**
     * Writes a response whose body a plugin's writer produces, on this handler thread. A writer that fails, or
     * writes another length than it announced, leaves the body cut short: the connection is closed.
     */
    static void writeStreamed(ChannelHandlerContext ctx, StreamedResponse response, boolean keepAlive,
                              Duration writeTimeout) {
        ctx.write(new DefaultHttpResponse(response.protocolVersion(), response.status(), response.headers()));
        long announced = HttpUtil.getContentLength(response, -1L);
        ChannelBodyOutput out = new ChannelBodyOutput(ctx.channel(), writeTimeout);
        try {
            response.writer().writeTo(out);
            if (announced >= 0 && out.written() != announced) {
                throw new IOException("response body writer wrote " + out.written() + " bytes, announced " + announced);
            }
            out.close();
            if (!keepAlive) {
                ctx.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Streamed response to {} cut short: {}", ctx.channel().remoteAddress(), e.toString());
            ctx.close();
        }
    }

    private void rejectMalformed(ChannelHandlerContext ctx, String method, String detail, long start) {
        closing = true;
        LOG.debug("Malformed HTTP request from {}: {}", ctx.channel().remoteAddress(), detail);
        metrics.record(method, HttpMetrics.MALFORMED, 400, start);
        // Queued behind any earlier pipelined request, so that one is still answered first.
        serial.execute(() -> Responses.writeAndClose(ctx.channel(), Responses.badRequest(detail)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof CodecException) {
            // The peer reset the connection, hung up mid-request or sent bytes we cannot frame: its problem.
            LOG.debug("HTTP connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.error("Unexpected error on HTTP connection {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    static InetSocketAddress remote(SocketAddress address) {
        // EmbeddedChannel (tests) has no socket address; an unresolved one is never mistaken for loopback.
        return address instanceof InetSocketAddress inet ? inet : InetSocketAddress.createUnresolved("unknown", 0);
    }

    private static String describe(Throwable cause) {
        String detail = cause == null ? "undecodable request"
                : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
    }
}
