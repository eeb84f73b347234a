package io.quarry.kernel.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

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
        DialedChannelInitializer.addStages(channel.pipeline(), context, bytes, tls.serverHandler(channel.alloc()), null);
    }
}
