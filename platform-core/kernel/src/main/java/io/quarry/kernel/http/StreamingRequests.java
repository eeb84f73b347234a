package io.quarry.kernel.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.quarry.kernel.exec.SerialExecutor;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Takes requests of streaming routes out of the pipeline before the aggregator: when a request's headers name
 * such a route, its body goes to a {@link RequestBodyStream} chunk by chunk and the route's handler runs on the
 * connection's serial executor (so pipelined answers stay in order) reading it. Everything else passes on
 * untouched.
 *
 * <p>Backpressure: once {@link #WINDOW} bytes wait unread, this handler turns the channel's auto-read off
 * (Netty stops within the current read) and back on when the reader has taken the queue under half the
 * window. The event loop never blocks, and
 * the node-wide body budget carries at most the unread window of a streamed body ({@link RequestDeadlines}
 * gives back what the handler consumed). The header deadline and minimum body rate still apply; the
 * whole-request deadline does not. A body over the route's limit gets a 413 and its connection closed.
 * Event-loop confined, except the handler task.
 */
final class StreamingRequests extends ChannelInboundHandlerAdapter {

    /** Unread body bytes one streamed request may hold before reading the socket pauses. */
    static final int WINDOW = 1024 * 1024;

    private final RequestDispatcher dispatcher;
    private final SerialExecutor serial;
    private final RequestDeadlines deadlines;
    /** The body being streamed now, or null. */
    private RequestBodyStream current;
    private long limit;
    private long received;
    /** Set after a 413: the rest of the connection's input is dropped until it closes. */
    private boolean refusing;
    private boolean readHeld;
    private ChannelHandlerContext ctx;

    StreamingRequests(RequestDispatcher dispatcher, SerialExecutor serial, RequestDeadlines deadlines) {
        this.dispatcher = dispatcher;
        this.serial = serial;
        this.deadlines = deadlines;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (refusing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (current != null && msg instanceof HttpContent content) {
            body(content);
            return;
        }
        if (msg instanceof HttpRequest request && !(msg instanceof FullHttpRequest) && request.decoderResult().isSuccess()
                && begin(request)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        context.fireChannelRead(msg);
    }

    /** Starts streaming {@code request} when its route streams; false to leave it to the aggregator. */
    private boolean begin(HttpRequest request) {
        long start = System.nanoTime();
        RequestTarget target;
        try {
            target = RequestTarget.parse(request.uri());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (!(dispatcher.routes().resolve(request.method().name(), target) instanceof Resolution.Endpoint(
                HttpRoute route, var params)) || !(route.handler() instanceof StreamingEndpoint endpoint)) {
            return false;
        }
        long announced = HttpUtil.getContentLength(request, -1L);
        if (announced > endpoint.maxBodyBytes()) {
            refuseTooLarge(endpoint.maxBodyBytes());
            return true;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        deadlines.streamingBody();
        RequestBodyStream stream = new RequestBodyStream(bytes -> consumed(bytes));
        current = stream;
        limit = endpoint.maxBodyBytes();
        received = 0;
        IncomingRequest head = IncomingRequest.copyOf(request, new byte[0], target,
                HttpRequestHandler.remote(ctx.channel().remoteAddress()), start);
        serial.execute(() -> answer(head, route, params, endpoint, stream));
        return true;
    }

    private void body(HttpContent content) {
        try {
            int n = content.content().readableBytes();
            received += n;
            if (received > limit) {
                current.fail(new IOException("request body over the route's limit of " + limit + " bytes"));
                current = null;
                refuseTooLarge(limit);
                return;
            }
            if (n > 0) {
                current.offer(ByteBufUtil.getBytes(content.content()));
                if (current.queued() >= WINDOW && !readHeld) {
                    readHeld = true;
                    ctx.channel().config().setAutoRead(false);
                }
            }
            if (content instanceof LastHttpContent) {
                current.finish();
                current = null;
                resumeReading();
            }
        } finally {
            content.release();
        }
    }

    /** Runs on the reading thread after it took {@code bytes} out of the queue. */
    private void consumed(long bytes) {
        try {
            ctx.executor().execute(() -> {
                if (current == null) {
                    return;
                }
                deadlines.bodyConsumed(bytes);
                if (current.queued() < WINDOW / 2) {
                    resumeReading();
                }
            });
        } catch (RejectedExecutionException e) {
            // The server is shutting down and this connection with it.
        }
    }

    private void resumeReading() {
        if (readHeld) {
            readHeld = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (current != null) {
            current.fail(new IOException("client closed the connection before the request body ended"));
            current = null;
        }
        context.fireChannelInactive();
    }

    private void refuseTooLarge(long max) {
        refusing = true;
        Responses.writeAndClose(ctx.channel(), Responses.error(413, "payload too large", "limit", max));
    }

    /** Runs on the handler executor. */
    private void answer(IncomingRequest head, HttpRoute route, java.util.Map<String, String> params,
                        StreamingEndpoint endpoint, RequestBodyStream stream) {
        FullHttpResponse response = dispatcher.dispatchStream(head, route, params, endpoint, stream);
        // An answer given before the body was read whole ends the connection: the rest is not worth reading.
        boolean keepAlive = head.keepAlive() && stream.drained();
        if (!keepAlive) {
            stream.fail(new IOException("request answered before its body was read"));
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        if (response instanceof StreamedResponse streamed) {
            HttpRequestHandler.writeStreamed(ctx, streamed, keepAlive, deadlines.limits().idleTimeout());
        } else if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.executor().execute(() -> refusing = true);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
