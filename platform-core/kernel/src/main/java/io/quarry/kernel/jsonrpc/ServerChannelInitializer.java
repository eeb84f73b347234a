package io.quarry.kernel.jsonrpc;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.quarry.kernel.net.ConnectionLimiter;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of every accepted connection: admission, then TLS, idle watch, line framing, and the session.
 * Admission comes first so that a connection over the limits costs no TLS handshake.
 */
final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerChannelInitializer.class);

    private final ServerShared server;
    private final SslContext tls;
    private final ConnectionLimiter limiter;
    private final ChannelGroup channels;

    ServerChannelInitializer(ServerShared server, SslContext tls, ConnectionLimiter limiter, ChannelGroup channels) {
        this.server = server;
        this.tls = tls;
        this.limiter = limiter;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        InetAddress address = channel.remoteAddress().getAddress();
        String refused = limiter.tryAcquire(address);
        if (refused != null) {
            server.metrics().error(refused);
            LOG.debug("JSON-RPC server {} refused a connection from {}: {}", server.name(), address, refused);
            channel.close();
            return;
        }
        channel.closeFuture().addListener(closed -> limiter.release(address));
        // Tracked so close() can hang up on every client, not just stop accepting new ones.
        channels.add(channel);
        if (server.closed().get()) {
            // Accepted while the server was closing, possibly after close() hung up on the group: drop it here.
            // (The flag is set before the group is closed, so every channel is caught by one or the other.)
            channel.close();
            return;
        }
        ChannelPipeline pipeline = channel.pipeline();
        if (tls != null) {
            // Encryption: everything below sees plain text.
            pipeline.addLast("tls", tls.newHandler(channel.alloc()));
        }
        long idleMillis = server.limits().idleTimeout().toMillis();
        if (idleMillis > 0) {
            // Idle watch: a client that sends nothing for the idle timeout is closed by the session.
            pipeline.addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        // Deadline: a line must be complete soon after its first byte, however the bytes trickle in.
        pipeline.addLast("line-deadline", new LineDeadline(server.limits().idleTimeout(), server.metrics()));
        // Framing: one message per line; failFast reports an over-long line as soon as it passes the limit,
        // so a client cannot make us buffer more than maxLineBytes.
        pipeline.addLast("framing", new LineBasedFrameDecoder(server.limits().maxLineBytes(), true, true));
        // Session: parsing, limits, and hand-off to the plugin's handler on a virtual thread.
        pipeline.addLast("session", new ServerConnection(server, channel));
    }
}
