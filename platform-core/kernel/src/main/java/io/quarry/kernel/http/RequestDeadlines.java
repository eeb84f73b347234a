package io.quarry.kernel.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long a request may take to arrive, which the idle timeout alone does not: a client that sends a
 * byte every few seconds is never idle. Per channel, with two stages: {@link #bytes()} before the HTTP codec
 * sees the first byte of each request, {@link #messages()} after it sees the headers end, the body arrive and
 * the request end.
 *
 * <ul>
 *   <li>Headers: the request line and headers must be in {@code headerTimeout} after the request's first byte
 *       (for a connection's first request, after the connection opened).</li>
 *   <li>Whole request: the last body byte must be in {@code requestTimeout} after the first byte.</li>
 *   <li>Body rate: once {@code headerTimeout} has passed since the headers, the body bytes of the last
 *       {@code headerTimeout} (a sliding window, checked every second) must average {@code minBodyBytesPerSecond},
 *       so bytes sent early do not buy a long silence later. While the server itself holds reading (a streaming
 *       handler has not taken its window), the window starts over.</li>
 *   <li>Body budget: body bytes count against the server's {@link BodyBudget} until the request is in.</li>
 * </ul>
 *
 * A request that misses a deadline gets 408 (the budget: 503) and its connection is closed. Between requests
 * on a keep-alive connection only the idle timeout applies. After a WebSocket upgrade both stages step aside.
 * Time is the event loop's {@link io.netty.util.concurrent.Ticker}, so tests can drive it. Event-loop confined.
 */
final class RequestDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
    private static final long RATE_CHECK_MILLIS = 1000;

    /** Where this connection's current request is. */
    private enum Phase { BETWEEN, HEADERS, BODY, CLOSING }

    private final HttpLimits limits;
    private final BodyBudget budget;
    private final HttpMetrics metrics;
    private Phase phase = Phase.BETWEEN;
    private ChannelHandlerContext ctx;
    private long headersDoneNanos;
    private long bodyBytes;
    /** Body progress {@code {nanos, bodyBytes}} at each rate check, oldest first, spanning the rate window. */
    private final ArrayDeque<long[]> rateSamples = new ArrayDeque<>();
    private long budgetTaken;
    private ScheduledFuture<?> headerTimer;
    private ScheduledFuture<?> requestTimer;
    private ScheduledFuture<?> rateTimer;

    RequestDeadlines(HttpLimits limits, BodyBudget budget, HttpMetrics metrics) {
        this.limits = limits;
        this.budget = budget;
        this.metrics = metrics;
    }

    /** The limits these deadlines enforce. */
    HttpLimits limits() {
        return limits;
    }

    /** The stage that goes before the HTTP codec. */
    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext context) {
                ctx = context;
                beginRequest();
                context.fireChannelActive();
            }

            @Override
            public void handlerAdded(ChannelHandlerContext context) {
                ctx = context;
                if (context.channel().isActive()) {
                    beginRequest();
                }
            }

            @Override
            public void channelRead(ChannelHandlerContext context, Object msg) {
                if (phase == Phase.CLOSING) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                if (phase == Phase.BETWEEN && msg instanceof ByteBuf buf && buf.isReadable()) {
                    if (context.pipeline().get(WebSocketUpgrade.FRAMES_HANDLER) != null) {
                        // A WebSocket now: frames have their own limits and pings.
                        context.pipeline().remove(this);
                        context.pipeline().remove(MESSAGES);
                    } else {
                        beginRequest();
                    }
                }
                context.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext context) {
                cancelTimers();
                releaseBudget();
                context.fireChannelInactive();
            }
        };
    }

    /** Name of the {@link #messages()} stage in the pipeline. */
    static final String MESSAGES = "request-deadlines";

    /** The stage that goes after the HTTP codec (and before the aggregator). */
    ChannelDuplexHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext context, Object msg) {
                if (phase == Phase.CLOSING) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                if (msg instanceof HttpRequest) {
                    if (phase == Phase.BETWEEN) {
                        // Several requests in one read: this one's bytes were all here at once.
                        armRequestTimer();
                    }
                    headersDone();
                }
                if (msg instanceof HttpContent content && !takeBudget(content.content().readableBytes())) {
                    ReferenceCountUtil.release(msg);
                    refuse(503, "server busy: too many request bodies arriving at once; retry later",
                            HttpMetrics.BODY_BUDGET);
                    return;
                }
                if (msg instanceof LastHttpContent) {
                    requestDone();
                }
                context.fireChannelRead(msg);
            }
        };
    }

    /**
     * The current request's body is streamed to a handler ({@link StreamingRequests}): it may take longer than
     * the whole-request deadline, bounded by the body rate instead. Event loop only.
     */
    void streamingBody() {
        cancel(requestTimer);
        requestTimer = null;
    }

    /**
     * A streaming handler consumed {@code bytes} of the current body: they no longer count against the body
     * budget, so a streamed body holds at most its unread window of it. Event loop only.
     */
    void bodyConsumed(long bytes) {
        long back = Math.min(bytes, budgetTaken);
        budget.giveBack(back);
        budgetTaken -= back;
    }

    private void beginRequest() {
        if (phase != Phase.BETWEEN) {
            return;
        }
        phase = Phase.HEADERS;
        headerTimer = schedule(() -> expire("request headers did not arrive within "
                + limits.headerTimeout().toMillis() + " ms", HttpMetrics.HEADER_TIMEOUT), limits.headerTimeout().toNanos());
        armRequestTimer();
    }

    private void armRequestTimer() {
        if (requestTimer == null) {
            requestTimer = schedule(() -> expire("request did not arrive within " + limits.requestTimeout().toMillis()
                    + " ms", HttpMetrics.REQUEST_TIMEOUT), limits.requestTimeout().toNanos());
        }
    }

    private void headersDone() {
        phase = Phase.BODY;
        headersDoneNanos = now();
        bodyBytes = 0;
        rateSamples.clear();
        rateSamples.addLast(new long[] {headersDoneNanos, 0});
        cancel(headerTimer);
        headerTimer = null;
        if (limits.minBodyBytesPerSecond() > 0) {
            rateTimer = ctx.executor().scheduleAtFixedRate(this::checkRate, RATE_CHECK_MILLIS, RATE_CHECK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private boolean takeBudget(int bytes) {
        bodyBytes += bytes;
        if (bytes == 0) {
            return true;
        }
        if (!budget.tryTake(bytes)) {
            return false;
        }
        budgetTaken += bytes;
        return true;
    }

    private void requestDone() {
        phase = Phase.BETWEEN;
        cancelTimers();
        releaseBudget();
    }

    private void checkRate() {
        if (phase != Phase.BODY) {
            return;
        }
        long now = now();
        if (!ctx.channel().config().isAutoRead()) {
            // The server is not reading (a streaming handler's window is full): not the client's slowness.
            rateSamples.clear();
            rateSamples.addLast(new long[] {now, bodyBytes});
            return;
        }
        rateSamples.addLast(new long[] {now, bodyBytes});
        long window = limits.headerTimeout().toNanos();
        // Keep one sample at or before the window's start as the baseline; drop the older ones.
        while (rateSamples.size() > 1) {
            long[] oldest = rateSamples.removeFirst();
            if (now - rateSamples.getFirst()[0] < window) {
                rateSamples.addFirst(oldest);
                break;
            }
        }
        long[] baseline = rateSamples.getFirst();
        if (now - headersDoneNanos <= window || now - baseline[0] < window) {
            return;
        }
        double seconds = (now - baseline[0]) / 1e9;
        long recent = bodyBytes - baseline[1];
        if (recent < limits.minBodyBytesPerSecond() * seconds) {
            expire("request body arrived at " + Math.round(recent / seconds) + " bytes/s over the last "
                    + Math.round(seconds * 1000) + " ms, under the minimum " + limits.minBodyBytesPerSecond(),
                    HttpMetrics.BODY_TOO_SLOW);
        }
    }

    private long now() {
        return ctx.executor().ticker().nanoTime();
    }

    private void expire(String why, String reason) {
        if (phase == Phase.HEADERS || phase == Phase.BODY) {
            refuse(408, why, reason);
        }
    }

    private void refuse(int status, String why, String reason) {
        phase = Phase.CLOSING;
        cancelTimers();
        releaseBudget();
        metrics.connectionClosed(reason);
        LOG.debug("closing HTTP connection {}: {}", ctx.channel().remoteAddress(), why);
        Responses.writeAndClose(ctx.channel(), Responses.error(status, why));
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        return ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    private void releaseBudget() {
        budget.giveBack(budgetTaken);
        budgetTaken = 0;
    }

    private void cancelTimers() {
        cancel(headerTimer);
        cancel(requestTimer);
        cancel(rateTimer);
        rateSamples.clear();
        headerTimer = null;
        requestTimer = null;
        rateTimer = null;
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
