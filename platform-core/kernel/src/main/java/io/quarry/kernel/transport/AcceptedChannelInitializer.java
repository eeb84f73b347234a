package io.quarry.kernel.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The pipeline of a connection a peer opened to us; see {@link DialedChannelInitializer} for the stages. */
final class AcceptedChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final SessionContext context;
    private final NodeTls tls;
    private final ConnectionGate gate;
    private final ByteCounter bytes;

    AcceptedChannelInitializer(SessionContext context, NodeTls tls, ConnectionGate gate, ByteCounter bytes) {
        this.context = context;
        this.tls = tls;
        this.gate = gate;
        this.bytes = bytes;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        // Admission first, so a flood costs no TLS work.
        if (!gate.admit(channel)) {
            return;
        }
        SslHandler ssl = new SslHandler(tls.serverEngine());
        // The session's own timer covers TLS and HELLO together (reason handshake_timeout).
        ssl.setHandshakeTimeoutMillis(0);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("bytes", bytes);
        pipeline.addLast("tls", ssl);
        pipeline.addLast("frames", new FrameDecoder(context.settings().maxFrameBytes()));
        pipeline.addLast("encoder", FrameEncoder.INSTANCE);
        pipeline.addLast("idle", new IdleStateHandler(0, 0, context.settings().idleTtl().toMillis(),
                TimeUnit.MILLISECONDS));
        pipeline.addLast("session", new Session(context, null));
    }
}
