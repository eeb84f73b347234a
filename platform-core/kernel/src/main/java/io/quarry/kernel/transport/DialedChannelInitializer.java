package io.quarry.kernel.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a connection we dial to one expected node:
 * <ol>
 *   <li>{@code bytes}: counts raw socket bytes for the metrics;</li>
 *   <li>{@code tls}: TLS 1.3, our certificate out, the peer's key checked against the node we expect;
 *       received records accumulate without copying;</li>
 *   <li>{@code flushes}: writes made while a read is being handled are flushed together at its end;</li>
 *   <li>{@code frames}: length-prefixed framing with the global size cap, header checks;</li>
 *   <li>{@code encoder}: writes frames;</li>
 *   <li>{@code idle}: signals when nothing moved for the idle TTL, so unused connections close;</li>
 *   <li>{@code session}: HELLO, call routing, limits, cutting off bad peers.</li>
 * </ol>
 */
final class DialedChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final SessionContext context;
    private final NodeTls tls;
    private final DialExpectation expectation;
    private final ByteCounter bytes;

    DialedChannelInitializer(SessionContext context, NodeTls tls, DialExpectation expectation, ByteCounter bytes) {
        this.context = context;
        this.tls = tls;
        this.expectation = expectation;
        this.bytes = bytes;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        addStages(channel.pipeline(), context, bytes, tls.clientHandler(expectation, channel.alloc()), expectation);
    }

    /**
     * The stages both directions share, in order. The TLS handler's own timeout is off: the session's timer
     * covers TLS and HELLO together (reason handshake_timeout).
     *
     * @param expectation the node the dialer meant to reach; null on accepted connections
     */
    static void addStages(ChannelPipeline pipeline, SessionContext context, ByteCounter bytes, SslHandler ssl,
            DialExpectation expectation) {
        ssl.setHandshakeTimeoutMillis(0);
        // Socket reads rarely end on a TLS record boundary; merging would copy every byte after a partial
        // record once more. A composite copies only the record that straddles two reads.
        ssl.setCumulator(ByteToMessageDecoder.COMPOSITE_CUMULATOR);
        pipeline.addLast("bytes", bytes);
        pipeline.addLast("tls", ssl);
        // Answers written while a read is in progress (handlers run on the event loop, errors, credit) are
        // flushed once when the read is complete: one TLS wrap and one socket write for the batch, not one each.
        pipeline.addLast("flushes", new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
        pipeline.addLast("frames", new FrameDecoder(context.settings().maxFrameBytes()));
        pipeline.addLast("encoder", FrameEncoder.INSTANCE);
        pipeline.addLast("idle", new IdleStateHandler(0, 0, context.settings().idleTtl().toMillis(),
                TimeUnit.MILLISECONDS));
        pipeline.addLast("session", new Session(context, expectation));
    }
}
