package io.quarry.kernel.jsonrpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.jsonrpc.JsonRpcTransportException.Kind;
import io.quarry.api.jsonrpc.JsonRpcTransportException;
import io.quarry.api.limit.TokenBucket;
import io.quarry.kernel.net.ConnectionLimiter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One bound line server on the kernel's shared event loops. */
final class LineServer implements JsonRpcServer {

    private static final Logger LOG = LoggerFactory.getLogger(LineServer.class);
    private static final long CLOSE_WAIT_MILLIS = 500;

    private final JsonRpcServerSettings settings;
    private final ServerShared shared;
    private final ConnectionLimiter limiter;
    private final Set<ServerConnection> sessions = ConcurrentHashMap.newKeySet();
    private final ChannelGroup channels;
    private final Consumer<LineServer> onClose;
    private final Object lock = new Object();
    private Channel serverChannel;
    private InetSocketAddress boundAddress;

    LineServer(JsonRpcServerSettings settings, JsonRpcHandler.Factory handlers, Executor executor,
               MeterRegistry registry, Consumer<LineServer> onClose, InstantSource clock) {
        this.settings = settings;
        this.onClose = onClose;
        var limits = settings.limits();
        this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress());
        this.shared = new ServerShared(settings.name(), limits, new JsonRpcCodec(settings.dialect()),
                JsonRpcMetrics.forServer(registry, settings.name()),
                limits.globalRate().isOff() ? null
                        : new TokenBucket(limits.globalRate(), clock), handlers, executor,
                sessions, new AtomicLong(), new AtomicBoolean(), clock);
        this.channels = new DefaultChannelGroup("jsonrpc-" + settings.name(), GlobalEventExecutor.INSTANCE);
    }

    /** Binds; throws {@link JsonRpcTransportException} (BIND_FAILED) saying what to change. */
    void start(EventLoopGroup acceptors, EventLoopGroup workers) {
        SslContext tls = settings.tls().map(t -> TlsContexts.server(settings.name(), t)).orElse(null);
        int highWater = settings.limits().maxOutboundBytes();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // isWritable() turns false past maxOutboundBytes: that is how a slow client is recognised.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(highWater / 2, highWater))
                .childHandler(new ServerChannelInitializer(shared, tls, limiter, channels));
        ChannelFuture bound = bootstrap.bind(settings.host(), settings.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw bindFailure(bound.cause());
        }
        synchronized (lock) {
            serverChannel = bound.channel();
            boundAddress = (InetSocketAddress) serverChannel.localAddress();
        }
        shared.metrics().connectionsGauge(limiter::total);
        LOG.info("JSON-RPC server {} listening on {}:{} ({}, {})", settings.name(), boundAddress.getHostString(),
                boundAddress.getPort(), settings.tls().isPresent() ? "TLS" : "plain TCP",
                settings.dialect().name().toLowerCase(Locale.ROOT));
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public InetSocketAddress address() {
        synchronized (lock) {
            if (boundAddress == null) {
                throw new IllegalStateException("JSON-RPC server " + settings.name() + " is not bound");
            }
            return boundAddress;
        }
    }

    @Override
    public Collection<JsonRpcSession> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public int broadcast(String method, Object params) {
        byte[] message = shared.codec().broadcast(method, params);
        int queued = 0;
        for (ServerConnection session : sessions) {
            // The same bytes for everyone; each write wraps the array without copying it.
            if (session.send(message)) {
                queued++;
            }
        }
        return queued;
    }

    @Override
    public void close() {
        Channel listening;
        synchronized (lock) {
            // Set before the channels are closed: see ServerChannelInitializer for connections in flight.
            if (!shared.closed().compareAndSet(false, true)) {
                return;
            }
            listening = serverChannel;
        }
        if (listening != null) {
            listening.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
            // The JDK frees the listening socket only when the selector next runs (a closed but registered
            // channel is killed then), after the close future completed. Waiting for one more turn of the
            // acceptor loop means the port is really free when close() returns, so it can be bound again.
            listening.eventLoop().schedule(() -> { }, 1, TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(CLOSE_WAIT_MILLIS);
            sessions.forEach(session -> session.closeNow("server closed"));
            channels.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
            LOG.info("JSON-RPC server {} on {}:{} stopped", settings.name(), boundAddress.getHostString(),
                    boundAddress.getPort());
        }
        shared.metrics().close();
        onClose.accept(this);
    }

    private JsonRpcTransportException bindFailure(Throwable cause) {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        String listen = host + ":" + settings.port();
        String message = cause == null ? "" : String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof BindException && message.contains("in use")) {
            return new JsonRpcTransportException(Kind.BIND_FAILED, "JSON-RPC server " + settings.name() + ": "
                    + listen + " is already in use; configure another port", cause);
        }
        return new JsonRpcTransportException(Kind.BIND_FAILED, "JSON-RPC server " + settings.name()
                + " cannot listen on " + listen + ": " + cause + "; configure another address", cause);
    }
}
