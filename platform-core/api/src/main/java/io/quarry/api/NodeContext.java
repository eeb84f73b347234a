package io.quarry.api;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the kernel offers one plugin. A plugin receives its context in
 * {@link QuarryPlugin#init(NodeContext)} and keeps it in a field; every service returned here is scoped to
 * that plugin (its config table, its metric tags, its store column family, its routes).
 */
public interface NodeContext {

    /** The plugin's id, as used for its config table, its routes and its store ({@code "randomx-cluster"}). */
    String pluginId();

    /** The running Quarry version. */
    String quarryVersion();

    /** The node's configured display name ({@code node.name}). */
    String nodeName();

    /** The node's identity: its Ed25519 key and id. */
    Identity identity();

    /**
     * Binds this plugin's TOML table (with environment and command-line overrides applied) to an immutable
     * record. Values absent everywhere keep the defaults carried by the spec.
     *
     * @throws io.quarry.api.config.ConfigException naming the key and file line when a key is unknown or a
     *     value has the wrong type or is out of range
     */
    <R extends Record> R config(ConfigSpec<R> spec);

    /**
     * Binds this plugin's table as {@link #config(ConfigSpec)} does, with {@code overlay} laid over every other
     * source: how a miner validates and applies a profile ({@link io.quarry.api.miner.MinerProfile}) at run time.
     * Keys are the table's TOML keys ({@code threads}, {@code pools}); values are plain Java values (strings,
     * numbers, booleans, lists, maps), as a JSON parser gives them. The node's configuration is not changed.
     *
     * @throws io.quarry.api.config.ConfigException naming the key ({@code randomx-cluster.threads}) when a key
     *     is unknown or a value has the wrong type or is out of range
     */
    <R extends Record> R config(ConfigSpec<R> spec, Map<String, ?> overlay);

    /** Meters registered here carry the tag {@code plugin=<id>} and show at {@code /metrics}. */
    PluginMetrics metrics();

    /** The plugin's private key-value store (its own RocksDB column family). */
    KeyValueStore store();

    /** The node's content-addressed blob store, shared by all plugins (content addressing makes it safe). */
    BlobStore blobs();

    /** Authenticated, encrypted messaging with other Quarry nodes. */
    Transport transport();

    /**
     * JSON-RPC on three carriers with one method registry: line-delimited over TCP (optionally TLS) for
     * Stratum-style servers and clients with failover, and HTTP POST and WebSocket routes under
     * {@code /api/v1/<plugin-id>/} on the node's HTTP port (mount those in {@code init}). Line servers and clients
     * the plugin leaves open are closed after its {@code stop}.
     */
    JsonRpcServers jsonRpc();

    /** Routes under {@code /api/v1/<plugin-id>/}, WebSockets and dashboard assets on the node's HTTP port. */
    Http http();

    /** Named executors owned by the kernel and shut down after the plugin stops. */
    TaskExecutors executors();

    /** A directory private to this plugin ({@code <data_dir>/plugins-data/<id>}), created on first use. */
    Path dataDir();

    /** Where this plugin registers its miners so the dashboard and fleet control can see and drive them. */
    MinerRegistry miners();

    /**
     * The most recent log lines written by this plugin's loggers (those under the plugin class's package),
     * oldest first, at most {@code max}.
     */
    List<String> recentLogs(int max);

    /**
     * A service another plugin offers under an API type (for example a {@code ProofSource} that the storage
     * plugin offers and the PoIES plugin consumes). Empty when no started plugin offers it.
     */
    <S> Optional<S> service(Class<S> type);

    /** Offers a service under an API type to the other plugins; see {@link #service(Class)}. */
    <S> void offer(Class<S> type, S implementation);
}
