package io.quarry.kernel.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.quarry.api.transport.DownloadHandler;
import io.quarry.api.transport.Payload;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Protocol;
import io.quarry.api.transport.RequestHandler;
import io.quarry.api.transport.Transport;
import io.quarry.api.transport.TransportException;
import io.quarry.api.transport.UploadHandler;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link Transport}: Netty NIO, TLS 1.3 with the node's Ed25519 key, the framing described in
 * {@code package-info}. Handlers run on the executor given to {@link #start} (virtual threads), never on an
 * event loop, except those registered with {@link #registerNonBlocking}; that executor stays the caller's to shut
 * down. Lifecycle: {@link #create} (register protocols, call peers), {@link #listen} once (accept peers),
 * {@link #close()} (idempotent, well under two seconds); {@link #start} does the first two. Protocols may be
 * registered at any time before close.
 */
public final class NettyTransport implements Transport, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    private static final long QUIET_PERIOD_MILLIS = 0;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 500;
    /** Stream senders pause while more than this is queued for the socket (see Session.awaitWritable). */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024);

    private final String nodeId;
    private final TlsProvider tlsProvider;
    private final NodeTls tls;
    private final ExecutorService handlers;
    private final ProtocolRegistry registry;
    private final PeerConnections connections;
    private final EventLoopGroup loops;
    private final OutboundCalls calls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object lock = new Object();
    private ServerBootstrap accepting;
    private Channel server;
    private InetSocketAddress listenAddress;

    private NettyTransport(TransportSettings settings, NodeTls tls, String nodeId, ExecutorService handlers,
                           TransportMetrics metrics, LongSupplier nanoTime) {
        this.nodeId = nodeId;
        this.tlsProvider = tls.provider();
        this.tls = tls;
        this.handlers = handlers;
        this.registry = new ProtocolRegistry(settings.maxFrameBytes());
        this.connections = new PeerConnections(nodeId, settings, nanoTime);
        this.loops = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("quarry-transport"),
                NioIoHandler.newFactory());
        this.calls = new OutboundCalls(connections, settings, metrics, handlers, loops);
        SessionContext context = new SessionContext(settings, registry, new InboundDispatcher(settings, metrics),
                metrics, connections);
        ByteCounter bytes = new ByteCounter(metrics);
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis());
        Bootstrap dialing = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, Frame.ALLOCATOR)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis);
        connections.dialer(expectation -> dialing.clone()
                .handler(new DialedChannelInitializer(context, tls, expectation, bytes)));
        accepting = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, Frame.ALLOCATOR)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new AcceptedChannelInitializer(context, tls,
                        new ConnectionGate(settings.maxConnections(), settings.maxConnectionsPerIp(), metrics), bytes));
    }

    /**
     * A transport that can register protocols and call peers but does not accept connections until
     * {@link #listen}: the node can hand it to plugins' {@code init} before it opens its port.
     *
     * @param settings the limits
     * @param keys the node's Ed25519 key pair (JDK provider)
     * @param nodeId the node id: lowercase hex of the public key
     * @param handlers runs handlers and completes callers' futures; virtual threads are the intent. Not shut
     *     down by {@link #close()}.
     * @param meters receives the {@code quarry.transport.*} meters
     * @throws TransportException when the key does not match the id
     */
    public static NettyTransport create(TransportSettings settings, KeyPair keys, String nodeId,
                                        ExecutorService handlers, MeterRegistry meters) {
        return create(settings, keys, nodeId, handlers, meters, System::nanoTime);
    }

    /** {@link #create} whose redial backoff reads time from {@code nanoTime} (tests pass a clock they move). */
    static NettyTransport create(TransportSettings settings, KeyPair keys, String nodeId,
                                 ExecutorService handlers, MeterRegistry meters, LongSupplier nanoTime) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(meters, "meters");
        NodeTls tls = NodeTls.create(keys, nodeId, settings.tlsProvider());
        Objects.requireNonNull(nanoTime, "nanoTime");
        return new NettyTransport(settings, tls, nodeId, handlers, new TransportMetrics(meters), nanoTime);
    }

    /** {@link #create} then {@link #listen}; closes what it made if the port cannot be bound. */
    public static NettyTransport start(TransportSettings settings, KeyPair keys, String nodeId,
                                       InetSocketAddress listen, ExecutorService handlers, MeterRegistry meters) {
        NettyTransport transport = create(settings, keys, nodeId, handlers, meters);
        try {
            transport.listen(listen);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        return transport;
    }

    /**
     * Accepts peers on {@code address} (port 0 picks one; see {@link #listenAddress()}).
     *
     * @throws IllegalStateException when already listening or closed
     * @throws TransportException when the address cannot be bound, saying what to do
     */
    public void listen(InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        synchronized (lock) {
            if (closed.get() || server != null) {
                throw new IllegalStateException(closed.get() ? "the transport is closed" : "already listening on "
                        + listenAddress);
            }
            ChannelFuture bound = accepting.bind(address).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                throw new TransportException("cannot listen for peers on " + address.getHostString() + ":"
                        + address.getPort() + " (" + bound.cause().getMessage() + "); free the port or change "
                        + "transport.listen", bound.cause());
            }
            server = bound.channel();
            listenAddress = (InetSocketAddress) server.localAddress();
        }
        LOG.debug("transport of node {} listening on {}", nodeId, listenAddress);
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        synchronized (lock) {
            return Optional.ofNullable(listenAddress);
        }
    }

    /**
     * The address peers reach us on (the real port when 0 was asked for).
     *
     * @throws IllegalStateException before {@link #listen}
     */
    public InetSocketAddress listenAddress() {
        synchronized (lock) {
            if (listenAddress == null) {
                throw new IllegalStateException("the transport is not listening");
            }
            return listenAddress;
        }
    }

    /** This node's id. */
    public String nodeId() {
        return nodeId;
    }

    /** The TLS implementation carrying this node's connections: OPENSSL (BoringSSL) or JDK. */
    public TlsProvider tlsProvider() {
        return tlsProvider;
    }

    @Override
    public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler) {
        register(protocol, handler, handlers);
    }

    @Override
    public <Q, R> void register(Protocol<Q, R> protocol, RequestHandler<Q, R> handler, Executor executor) {
        add(protocol, HandlerKind.REQUEST, handler, executor);
    }

    @Override
    public <Q, R> void registerNonBlocking(Protocol<Q, R> protocol, RequestHandler<Q, R> handler) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(handler, "handler");
        registry.add(protocol, HandlerKind.REQUEST, handler, null);
        connections.announce();
    }

    @Override
    public <Q, R> void registerUpload(Protocol<Q, R> protocol, UploadHandler<Q, R> handler) {
        add(protocol, HandlerKind.UPLOAD, handler, handlers);
    }

    @Override
    public <Q> void registerDownload(Protocol<Q, ?> protocol, DownloadHandler<Q> handler) {
        add(protocol, HandlerKind.DOWNLOAD, handler, handlers);
    }

    private void add(Protocol<?, ?> protocol, HandlerKind kind, Object handler, Executor executor) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(executor, "executor");
        registry.add(protocol, kind, handler, executor);
        connections.announce();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> CompletableFuture<R> request(PeerAddress peer, Protocol<Q, R> protocol, Q request) {
        return (CompletableFuture<R>) calls.call(peer, protocol, request, HandlerKind.REQUEST, null);
    }

    @Override
    public <Q> CompletableFuture<Void> send(PeerAddress peer, Protocol<Q, ?> protocol, Q message) {
        return calls.send(peer, protocol, message);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, InputStream body) {
        Objects.requireNonNull(body, "body");
        return (CompletableFuture<R>) calls.call(peer, protocol, header, HandlerKind.UPLOAD,
                new UploadBody.Streamed(body));
    }

    /**
     * Sends {@code body} from the connection's event loop, a slice per stream frame: no thread waits on credit and no
     * byte is copied but by the TLS engine (BoringSSL copies heap bytes into native memory); see {@link PayloadSender}.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <Q, R> CompletableFuture<R> upload(PeerAddress peer, Protocol<Q, R> protocol, Q header, Payload body) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(body, "body");
        ByteBuf bytes;
        try {
            // Taken now, not once connected: a chunk lent by a stream may be released as soon as this returns.
            bytes = RawSectionWriter.bytesOf(body);
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(new TransportException("cannot read the " + protocol.id()
                    + " upload body: " + e.getMessage(), e));
        }
        return (CompletableFuture<R>) calls.call(peer, protocol, header, HandlerKind.UPLOAD,
                new UploadBody.InMemory(bytes));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Q> CompletableFuture<InputStream> download(PeerAddress peer, Protocol<Q, ?> protocol, Q request) {
        return (CompletableFuture<InputStream>) (CompletableFuture<?>) calls.call(peer, protocol, request,
                HandlerKind.DOWNLOAD, null);
    }

    @Override
    public CompletableFuture<String> identify(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            return CompletableFuture.failedFuture(new TransportException("port must be 1..65535, was " + port));
        }
        return connections.identify(host, port).thenApplyAsync(id -> id, handlers);
    }

    /** Stops listening, closes every connection (pending calls fail) and stops the event loops. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Channel listening;
        synchronized (lock) {
            listening = server;
        }
        if (listening != null) {
            listening.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
        }
        connections.close();
        loops.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(2 * SHUTDOWN_TIMEOUT_MILLIS);
        tls.close();
        LOG.debug("transport of node {} closed", nodeId);
    }
}
