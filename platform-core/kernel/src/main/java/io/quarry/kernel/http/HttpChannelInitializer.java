package io.quarry.kernel.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.Executor;

/** The pipeline of every accepted connection: framing and codec, then aggregation, then routing. */
final class HttpChannelInitializer extends ChannelInitializer<Channel> {

    /** A request line longer than this is an attack or a bug; real API paths are short. */
    static final int MAX_INITIAL_LINE = 4096;
    /** Bounds the memory one client's headers can take. */
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_CHUNK_BYTES = 8192;

    private final int maxBodyBytes;
    private final RequestDispatcher dispatcher;
    private final WebSocketUpgrade upgrades;
    private final HttpMetrics metrics;
    private final Executor executor;
    private final ChannelGroup channels;

    HttpChannelInitializer(int maxBodyBytes, RequestDispatcher dispatcher, WebSocketUpgrade upgrades,
                           HttpMetrics metrics, Executor executor, ChannelGroup channels) {
        this.maxBodyBytes = maxBodyBytes;
        this.dispatcher = dispatcher;
        this.upgrades = upgrades;
        this.metrics = metrics;
        this.executor = executor;
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel channel) {
        // Tracked so close() can hang up on every client, not just stop accepting new ones.
        channels.add(channel);
        channel.pipeline()
                // Framing and codec: HTTP/1.1 request lines, headers and chunks in, responses out, each with a
                // size limit; a request it cannot parse comes out marked as a decoder failure (-> 400).
                .addLast("http-codec", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(MAX_INITIAL_LINE)
                        .setMaxHeaderSize(MAX_HEADER_BYTES)
                        .setMaxChunkSize(MAX_CHUNK_BYTES)))
                // Aggregation: handlers get whole requests; bodies over http.max_body_bytes get a 413.
                .addLast("http-aggregator", new BoundedBodyAggregator(maxBodyBytes))
                // Routing: answers on the handler executor, never on this event loop.
                .addLast("http-router", new HttpRequestHandler(dispatcher, upgrades, metrics, executor));
    }
}
