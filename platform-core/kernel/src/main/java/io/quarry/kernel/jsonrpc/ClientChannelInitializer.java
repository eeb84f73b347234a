package io.quarry.kernel.jsonrpc;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarry.api.jsonrpc.JsonRpcClientSettings;
import io.quarry.api.jsonrpc.JsonRpcEndpoint;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The pipeline of a client connection: TLS when asked, idle watch, line framing, then the connection. */
final class ClientChannelInitializer extends ChannelInitializer<SocketChannel> {

    private final LineClient client;
    private final JsonRpcEndpoint endpoint;
    private final JsonRpcClientSettings settings;
    private final SslContext tls;

    ClientChannelInitializer(LineClient client, JsonRpcEndpoint endpoint, JsonRpcClientSettings settings,
                             SslContext tls) {
        this.client = client;
        this.endpoint = endpoint;
        this.settings = settings;
        this.tls = tls;
    }

    /** Starts connecting {@code address} (already resolved) with this pipeline. */
    static ChannelFuture connect(EventLoopGroup group, InetSocketAddress address, ClientChannelInitializer pipeline) {
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, pipeline.settings.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .handler(pipeline)
                .connect(address);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (endpoint.tls()) {
            // Encryption, with the host name for SNI and verification; the handshake counts as connecting.
            SslHandler handler = tls.newHandler(channel.alloc(), endpoint.host(), endpoint.port());
            handler.setHandshakeTimeoutMillis(settings.connectTimeout().toMillis());
            pipeline.addLast("tls", handler);
        }
        long idleMillis = settings.idleTimeout().toMillis();
        if (idleMillis > 0) {
            // Idle watch: a server silent for this long is presumed dead (no FIN ever came).
            pipeline.addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        // Framing: one message per line, bounded so a broken server cannot make us buffer without end.
        pipeline.addLast("framing", new LineBasedFrameDecoder(settings.maxLineBytes(), true, true));
        // Connection: parsing and hand-off to the client.
        pipeline.addLast("connection", new ClientConnection(client, endpoint, channel));
    }
}
