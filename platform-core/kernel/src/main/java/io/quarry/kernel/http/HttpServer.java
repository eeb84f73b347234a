package io.quarry.kernel.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.quarry.api.http.Http;
import io.quarry.api.http.Http.Access;
import io.quarry.api.http.HttpHandler;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.WebSocketHandler;
import io.quarry.kernel.net.ConnectionLimiter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one HTTP port: kernel routes, every plugin's routes under {@code /api/v1/<plugin-id>/},
 * WebSocket endpoints, and static dashboard files. Netty NIO underneath; handlers run on the given executor
 * (virtual threads), never on an event loop.
 *
 * <p>Routes may be registered and removed before or after {@link #start()}. {@code start} may be called
 * once; {@link #close()} is idempotent and takes well under two seconds.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Pattern PLUGIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int WORKER_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** Outbound bytes queued per connection before WebSocketSession.send starts refusing. */
    private static final int SEND_BUFFER_LOW = 256 * 1024;
    private static final int SEND_BUFFER_HIGH = 1024 * 1024;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 500;

    private enum State { NEW, STARTED, CLOSED }

    private final String host;
    private final int port;
    private final HttpLimits limits;
    private final ConnectionLimiter limiter;
    private final ExecutorService executor;
    private final boolean ownsExecutor;
    private final HttpRoutes routes = new HttpRoutes();
    private final HttpMetrics metrics;
    private final AccessPolicy access;
    private final PluginListeners listeners;

    private final Object lock = new Object();
    private State state = State.NEW;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private ChannelGroup channels;
    private Channel serverChannel;
    private InetSocketAddress boundAddress;

    /**
     * @param host the address to bind ({@code http.listen} host)
     * @param port the port to bind; 0 picks a free one (see {@link #address()})
     * @param limits body and message sizes, idle timeout and connection limits ({@code [http]})
     * @param apiToken the API token for {@link Access#TOKEN} routes
     * @param tokenOnLoopback false lets loopback clients use TOKEN routes without the token
     * @param executor runs handlers; null makes (and owns) a virtual-thread-per-task executor
     * @param meters receives {@code quarry.http.requests}
     */
    public HttpServer(String host, int port, HttpLimits limits, String apiToken,
                      boolean tokenOnLoopback, ExecutorService executor, MeterRegistry meters) {
        this(host, port, limits, () -> apiToken, tokenOnLoopback, executor, meters);
    }

    /** As the other constructor, with the token read per request (so a rotated token takes effect). */
    public HttpServer(String host, int port, HttpLimits limits, Supplier<String> apiToken,
                      boolean tokenOnLoopback, ExecutorService executor, MeterRegistry meters) {
        this.host = Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("http.listen host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("http.listen port must be 0..65535, was " + port);
        }
        this.limits = Objects.requireNonNull(limits, "limits");
        this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerIp());
        Objects.requireNonNull(apiToken, "apiToken");
        this.port = port;
        this.ownsExecutor = executor == null;
        this.executor = executor != null ? executor
                : Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("quarry-http-", 0).factory());
        this.metrics = new HttpMetrics(Objects.requireNonNull(meters, "meters"));
        this.access = new AccessPolicy(apiToken, tokenOnLoopback);
        this.listeners = new PluginListeners(limits, apiToken, meters);
    }

    /** Serves {@code method fullPath} (segments written {@code {name}} are path parameters). */
    public void route(HttpMethod method, String fullPath, Access access, HttpHandler handler) {
        routes.addRoute(HttpRoutes.KERNEL, method, fullPath, access, handler);
    }

    /** Accepts WebSocket upgrades at {@code fullPath}. */
    public void websocket(String fullPath, Access access, WebSocketHandler.Factory handlers) {
        routes.addWebSocket(HttpRoutes.KERNEL, fullPath, access, handlers);
    }

    /** Serves the dashboard: resources under {@code resourceRoot} of {@code loader}, at {@code /}. */
    public void kernelAssets(ClassLoader loader, String resourceRoot) {
        routes.addMount(HttpRoutes.KERNEL, List.of(), loader, resourceRoot);
    }

    /** The {@link Http} a plugin registers on: {@code /api/v1/<pluginId>/...} and {@code /plugins/<pluginId>/}. */
    public Http forPlugin(String pluginId) {
        Objects.requireNonNull(pluginId, "pluginId");
        if (!PLUGIN_ID.matcher(pluginId).matches()) {
            throw new IllegalArgumentException("plugin id '" + pluginId + "' cannot be a URL path segment");
        }
        return new PluginHttp(routes, pluginId, listeners);
    }

    /** Where the plugin's dashboard panel is ({@code /plugins/<id>/}), when it registered one. */
    public Optional<String> panelPath(String pluginId) {
        return routes.hasMount(pluginId) ? Optional.of("/plugins/" + pluginId + "/") : Optional.empty();
    }

    /** The named pages of the plugin's panel, in the order it named them (empty when none). */
    public List<PanelPage> panelPages(String pluginId) {
        return routes.pages(pluginId);
    }

    /** Removes everything the plugin registered, closes its open WebSocket connections and its own ports. */
    public void removePlugin(String pluginId) {
        Objects.requireNonNull(pluginId, "pluginId");
        if (pluginId.equals(HttpRoutes.KERNEL)) {
            throw new IllegalArgumentException("plugin id must not be empty");
        }
        routes.removeOwner(pluginId);
        listeners.closeOwner(pluginId);
    }

    /** Binds the port. Throws {@link HttpServerException} when it cannot, saying what to do. */
    public void start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("HTTP server already " + state.name().toLowerCase(Locale.ROOT));
            }
            acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("quarry-http-accept"),
                    NioIoHandler.newFactory());
            workers = new MultiThreadIoEventLoopGroup(WORKER_THREADS, new DefaultThreadFactory("quarry-http"),
                    NioIoHandler.newFactory());
            channels = new DefaultChannelGroup("quarry-http", GlobalEventExecutor.INSTANCE);
            RequestDispatcher dispatcher = new RequestDispatcher(routes, access, metrics);
            WebSocketUpgrade upgrades = new WebSocketUpgrade(routes, access, metrics, executor,
                    limits.maxWsMessageBytes());
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                            new WriteBufferWaterMark(SEND_BUFFER_LOW,
                                    Math.max(SEND_BUFFER_HIGH, limits.maxWsMessageBytes())))
                    .childHandler(new HttpChannelInitializer(limits, limiter, dispatcher, upgrades, metrics, executor,
                            channels));
            ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                shutDownEventLoops();
                state = State.CLOSED;
                throw bindFailure(bound.cause());
            }
            serverChannel = bound.channel();
            boundAddress = (InetSocketAddress) serverChannel.localAddress();
            state = State.STARTED;
        }
        // The node logs the address at INFO once everything is up.
        LOG.debug("HTTP server listening on {}:{}", boundAddress.getHostString(), boundAddress.getPort());
    }

    /** Client connections open now (admitted and not yet closed). */
    public int openConnections() {
        return limiter.total();
    }

    /** The bound address (the real port when 0 was asked for); still answers after close. */
    public InetSocketAddress address() {
        synchronized (lock) {
            if (boundAddress == null) {
                throw new IllegalStateException("HTTP server is not started");
            }
            return boundAddress;
        }
    }

    /** Stops accepting, hangs up on every client and stops the event loops. Harmless to call twice. */
    @Override
    public void close() {
        listeners.closeAll();
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            boolean wasStarted = state == State.STARTED;
            state = State.CLOSED;
            if (wasStarted) {
                serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
                channels.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
                shutDownEventLoops();
                LOG.info("HTTP server on {}:{} stopped", boundAddress.getHostString(), boundAddress.getPort());
            }
        }
        if (ownsExecutor) {
            executor.shutdownNow();
        }
    }

    private void shutDownEventLoops() {
        // No quiet period: nothing new arrives once the channels are closed, and shutdown must be quick.
        var a = acceptors.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        var w = workers.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        a.awaitUninterruptibly(2 * SHUTDOWN_TIMEOUT_MILLIS);
        w.awaitUninterruptibly(2 * SHUTDOWN_TIMEOUT_MILLIS);
    }

    private HttpServerException bindFailure(Throwable cause) {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        String listen = hostPart + ":" + port;
        String message = cause == null ? "" : String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof BindException && message.contains("in use")) {
            return new HttpServerException("http.listen " + listen + " is already in use; pick another port with"
                    + " --set http.listen=" + hostPart + ":PORT", cause);
        }
        return new HttpServerException("cannot listen on http.listen " + listen + ": " + cause
                + "; pick another address with --set http.listen=HOST:PORT", cause);
    }
}
