package io.quarry.kernel.plugin;

import io.quarry.api.NodeContext;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.exec.TaskExecutors;
import io.quarry.api.http.Http;
import io.quarry.api.identity.Identity;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.api.metrics.PluginMetrics;
import io.quarry.api.miner.MinerRegistry;
import io.quarry.api.store.BlobStore;
import io.quarry.api.store.KeyValueStore;
import io.quarry.api.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The {@link NodeContext} one plugin receives: every service already scoped to that plugin by the kernel.
 *
 * @param pluginId the plugin id
 * @param quarryVersion the running version
 * @param nodeName the configured node name
 * @param identity the node identity
 * @param configBinder binds the plugin's table
 * @param metrics the plugin's metrics view
 * @param store the plugin's column family
 * @param blobs the node's blob store
 * @param transport the node's transport
 * @param jsonRpc the plugin's JSON-RPC servers and clients
 * @param http the plugin's routes
 * @param executors the plugin's executors
 * @param pluginDataDir {@code <data_dir>/plugins-data/<id>}, created on first use
 * @param miners the plugin's view of the miner registry
 * @param logs the plugin's recent log lines
 * @param services plugin-to-plugin services
 */
public record PluginContext(
        String pluginId,
        String quarryVersion,
        String nodeName,
        Identity identity,
        ConfigBinder configBinder,
        PluginMetrics metrics,
        KeyValueStore store,
        BlobStore blobs,
        Transport transport,
        JsonRpcServers jsonRpc,
        Http http,
        TaskExecutors executors,
        Path pluginDataDir,
        MinerRegistry miners,
        IntFunction<List<String>> logs,
        ServiceDirectory services) implements NodeContext {

    public PluginContext {
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(configBinder, "configBinder");
        Objects.requireNonNull(pluginDataDir, "pluginDataDir");
        Objects.requireNonNull(services, "services");
    }

    @Override
    public <R extends Record> R config(ConfigSpec<R> spec) {
        return configBinder.bind(spec);
    }

    @Override
    public <R extends Record> R config(ConfigSpec<R> spec, java.util.Map<String, ?> overlay) {
        return configBinder.bind(spec, overlay);
    }

    @Override
    public Path dataDir() {
        try {
            return Files.createDirectories(pluginDataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory of plugin " + pluginId + " at "
                    + pluginDataDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> recentLogs(int max) {
        return logs.apply(max);
    }

    @Override
    public <S> Optional<S> service(Class<S> type) {
        return services.find(type);
    }

    @Override
    public <S> void offer(Class<S> type, S implementation) {
        services.offer(pluginId, type, implementation);
    }
}
