package io.quarry.kernel.jsonrpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.quarry.api.http.Http;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientListener;
import io.quarry.api.jsonrpc.JsonRpcClientSettings;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcRoute;
import io.quarry.api.jsonrpc.JsonRpcRouteSettings;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcServers;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin's {@link JsonRpcServers}: remembers what the plugin opened so the kernel can close it all when
 * the plugin stops ({@link #close()}), even if the plugin forgot. HTTP and WebSocket routes go through the
 * plugin's {@link Http}, when the scope has one.
 */
public final class PluginJsonRpc implements JsonRpcServers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginJsonRpc.class);

    private final String owner;
    private final MeterRegistry registry;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Executor executor;
    private final Consumer<PluginJsonRpc> onClose;
    private final Http http;
    private final InstantSource clock;
    private final Set<String> routeNames = ConcurrentHashMap.newKeySet();
    private final Map<String, LineServer> servers = new ConcurrentHashMap<>();
    private final List<LineClient> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    PluginJsonRpc(String owner, MeterRegistry registry, EventLoopGroup acceptors, EventLoopGroup workers,
                  Executor executor, Consumer<PluginJsonRpc> onClose, Http http, InstantSource clock) {
        this.http = http;
        this.clock = clock;
        this.owner = owner;
        this.registry = registry;
        this.acceptors = acceptors;
        this.workers = workers;
        this.executor = executor;
        this.onClose = onClose;
    }

    @Override
    public JsonRpcServer open(JsonRpcServerSettings settings, JsonRpcHandler.Factory handlers) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(handlers, "handlers");
        checkOpen();
        LineServer server = new LineServer(settings, handlers, executor, registry,
                s -> servers.remove(s.name(), s), clock);
        // Names tag the meters, so two open servers (or routes) of one plugin must not share one.
        if (routeNames.contains(settings.name()) || servers.putIfAbsent(settings.name(), server) != null) {
            throw new IllegalArgumentException(owner + " already has an open JSON-RPC server named "
                    + settings.name());
        }
        try {
            server.start(acceptors, workers);
        } catch (RuntimeException e) {
            servers.remove(settings.name(), server);
            throw e;
        }
        return server;
    }

    @Override
    public JsonRpcClient connect(JsonRpcClientSettings settings, JsonRpcClientListener listener) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        checkOpen();
        LineClient client = new LineClient(settings, listener, workers, executor, registry, clients::remove);
        clients.add(client);
        client.start();
        return client;
    }

    @Override
    public JsonRpcRoute serveHttp(JsonRpcRouteSettings settings, JsonRpcHandler.Factory handlers) {
        RouteShared route = route(settings, handlers);
        HttpJsonRpcRoute served = new HttpJsonRpcRoute(route);
        http.route(HttpMethod.POST, settings.path(), settings.access(), served);
        return served;
    }

    @Override
    public JsonRpcRoute serveWebSocket(JsonRpcRouteSettings settings, JsonRpcHandler.Factory handlers) {
        RouteShared route = route(settings, handlers);
        WebSocketJsonRpcRoute served = new WebSocketJsonRpcRoute(route);
        http.websocket(settings.path(), settings.access(), served);
        return served;
    }

    private RouteShared route(JsonRpcRouteSettings settings, JsonRpcHandler.Factory handlers) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(handlers, "handlers");
        checkOpen();
        if (http == null) {
            throw new IllegalStateException("the JSON-RPC service of " + owner + " has no HTTP server to mount "
                    + settings.name() + " on");
        }
        if (servers.containsKey(settings.name()) || !routeNames.add(settings.name())) {
            throw new IllegalArgumentException(owner + " already has a JSON-RPC server or route named "
                    + settings.name());
        }
        String relative = settings.path().startsWith("/") ? settings.path().substring(1) : settings.path();
        return new RouteShared(settings, "/api/v1/" + owner + (relative.isEmpty() ? "" : "/" + relative), handlers,
                JsonRpcMetrics.forServer(registry, settings.name()), clock);
    }

    /** Closes every server and client this plugin still has open; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!servers.isEmpty() || !clients.isEmpty()) {
            LOG.debug("closing {} JSON-RPC servers and {} clients of {}", servers.size(), clients.size(), owner);
        }
        List.copyOf(servers.values()).forEach(LineServer::close);
        List.copyOf(clients).forEach(LineClient::close);
        onClose.accept(this);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the JSON-RPC service of " + owner + " is closed (plugin stopped)");
        }
    }
}
