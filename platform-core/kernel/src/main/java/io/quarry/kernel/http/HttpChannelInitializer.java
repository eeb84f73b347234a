package io.quarry.kernel.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarry.kernel.exec.SerialExecutor;
import io.quarry.kernel.net.ConnectionLimiter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of every accepted connection: admission, idle watch, framing and codec, then aggregation, then
 * routing. Admission comes first so that a connection over the limits costs nothing more.
 */
final class HttpChannelInitializer extends ChannelInitializer<Channel> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpChannelInitializer.class);

    /** A request line longer than this is an attack or a bug; real API paths are short. */
    static final int MAX_INITIAL_LINE = 4096;
    /** Bounds the memory one client's headers can take. */
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_CHUNK_BYTES = 8192;
    /**
     * Requests one connection may have decoded and not yet answered (HTTP/1.1 pipelining). Reading pauses while
     * a request is in flight, but one read of up to 64 KiB can still hold hundreds of small requests, all
     * decoded at once; Netty's default of 128 closed such a connection after the first answers.
     */
    static final int MAX_PIPELINE_DEPTH = 1024;

    private final HttpLimits limits;
    private final ConnectionLimiter limiter;
    private final RequestDispatcher dispatcher;
    private final WebSocketUpgrade upgrades;
    private final HttpMetrics metrics;
    private final Executor executor;
    private final ChannelGroup channels;
    private final BodyBudget bodyBudget;

    HttpChannelInitializer(HttpLimits limits, ConnectionLimiter limiter, RequestDispatcher dispatcher,
                           WebSocketUpgrade upgrades, HttpMetrics metrics, Executor executor, ChannelGroup channels) {
        this(limits, limiter, dispatcher, upgrades, metrics, executor, channels,
                new BodyBudget(limits.maxBufferedBodyBytes()));
    }

    HttpChannelInitializer(HttpLimits limits, ConnectionLimiter limiter, RequestDispatcher dispatcher,
                           WebSocketUpgrade upgrades, HttpMetrics metrics, Executor executor, ChannelGroup channels,
                           BodyBudget bodyBudget) {
        this.bodyBudget = bodyBudget;
        this.limits = limits;
        this.limiter = limiter;
        this.dispatcher = dispatcher;
        this.upgrades = upgrades;
        this.metrics = metrics;
        this.executor = executor;
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel channel) {
        // Only in-memory test channels have no IP address; they count as one local client.
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress inet ? inet.getAddress()
                : InetAddress.getLoopbackAddress();
        String refused = limiter.tryAcquire(address);
        if (refused != null) {
            metrics.connectionClosed(refused);
            LOG.debug("HTTP server refused a connection from {}: {}", address.getHostAddress(), refused);
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> limiter.release(address));
        // Tracked so close() can hang up on every client, not just stop accepting new ones.
        channels.add(channel);
        // The aggregator counts in int; a body near 2 GiB held in memory is no API request anyway.
        int maxBodyBytes = (int) Math.min(limits.maxBodyBytes(), Integer.MAX_VALUE - 8);
        RequestDeadlines deadlines = new RequestDeadlines(limits, bodyBudget, metrics);
        SerialExecutor serial = new SerialExecutor(executor);
        channel.pipeline()
                // Idle watch: reports a connection that has sent nothing for the idle timeout to the guard.
                .addLast("idle", new IdleStateHandler(limits.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                // Deadlines, first half: notes when each request's first byte arrives (a trickle is not idle).
                .addLast("request-start", deadlines.bytes())
                // Framing and codec: HTTP/1.1 request lines, headers and chunks in, responses out, each with a
                // size limit; a request it cannot parse comes out marked as a decoder failure (-> 400).
                .addLast("http-codec", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_INITIAL_LINE)
                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                        .setMaxChunkSize(MAX_CHUNK_BYTES), MAX_PIPELINE_DEPTH))
                // Closes silent connections (unless a request is still being answered); pings WebSockets first.
                .addLast("idle-guard", new IdleGuard(metrics))
                // Deadlines, second half: headers and whole request in time, body rate, node-wide body budget.
                .addLast(RequestDeadlines.MESSAGES, deadlines.messages())
                // Streaming routes: their bodies go to the handler as they arrive, bypassing aggregation.
                .addLast("http-stream", new StreamingRequests(dispatcher, serial, deadlines))
                // Aggregation: handlers get whole requests; bodies over http.max_body_bytes get a 413.
                .addLast("http-aggregator", new BoundedBodyAggregator(maxBodyBytes))
                // Routing: answers on the handler executor, never on this event loop.
                .addLast("http-router", new HttpRequestHandler(dispatcher, upgrades, metrics, serial,
                        limits.idleTimeout()));
    }
}
