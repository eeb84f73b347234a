package io.quarry.kernel.jsonrpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.quarry.api.jsonrpc.JsonRpcClient;
import io.quarry.api.jsonrpc.JsonRpcClientListener;
import io.quarry.api.jsonrpc.JsonRpcClientSettings;
import io.quarry.api.jsonrpc.JsonRpcHandler;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcServers;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin's {@link JsonRpcServers}: remembers what the plugin opened so the kernel can close it all when
 * the plugin stops ({@link #close()}), even if the plugin forgot.
 */
public final class PluginJsonRpc implements JsonRpcServers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginJsonRpc.class);

    private final String owner;
    private final MeterRegistry registry;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Executor executor;
    private final Consumer<PluginJsonRpc> onClose;
    private final Map<String, LineServer> servers = new ConcurrentHashMap<>();
    private final List<LineClient> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    PluginJsonRpc(String owner, MeterRegistry registry, EventLoopGroup acceptors, EventLoopGroup workers,
                  Executor executor, Consumer<PluginJsonRpc> onClose) {
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
                s -> servers.remove(s.name(), s));
        // Names tag the meters, so two open servers of one plugin must not share one.
        if (servers.putIfAbsent(settings.name(), server) != null) {
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
