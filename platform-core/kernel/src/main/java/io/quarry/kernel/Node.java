package io.quarry.kernel;

import io.quarry.api.PluginState;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.metrics.PluginMetrics;
import io.quarry.api.store.BlobStore;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.KernelConfig;
import io.quarry.kernel.exec.KernelExecutors;
import io.quarry.kernel.health.HealthReport;
import io.quarry.kernel.health.PluginReport;
import io.quarry.kernel.http.HttpServer;
import io.quarry.kernel.identity.IdentityStore;
import io.quarry.kernel.identity.NodeIdentity;
import io.quarry.kernel.jsonrpc.KernelJsonRpc;
import io.quarry.kernel.jsonrpc.PluginJsonRpc;
import io.quarry.kernel.log.LogSetup;
import io.quarry.kernel.log.RecentLogs;
import io.quarry.kernel.metrics.KernelMetrics;
import io.quarry.kernel.metrics.NodeMeters;
import io.quarry.kernel.miner.KernelMinerRegistry;
import io.quarry.kernel.plugin.PluginContext;
import io.quarry.kernel.plugin.PluginHandle;
import io.quarry.kernel.plugin.PluginHost;
import io.quarry.kernel.plugin.PluginLifecycle;
import io.quarry.kernel.plugin.ServiceDirectory;
import io.quarry.kernel.store.FileBlobStore;
import io.quarry.kernel.store.RocksDatabase;
import io.quarry.kernel.transport.NettyTransport;
import io.quarry.kernel.transport.TlsProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Quarry node: the kernel services and the enabled plugins. {@link #start(NodeOptions)} brings it
 * up in order (config, data directory, logging, identity, store, plugins' init, HTTP, plugins' start);
 * {@link #close()} takes it down in reverse and is safe to call twice.
 */
public final class Node implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    /** Time each plugin gets to stop before shutdown moves on. */
    static final Duration PLUGIN_STOP_BUDGET = Duration.ofSeconds(3);
    /** Time all plugins together get, so the process exits well within 10 s of SIGTERM. */
    static final Duration ALL_PLUGINS_STOP_BUDGET = Duration.ofSeconds(6);

    private final long startedNanos = System.nanoTime();
    private final List<AutoCloseable> closeInReverse = new ArrayList<>();
    private final Map<String, KernelExecutors> executors = new ConcurrentHashMap<>();
    private final Map<String, PluginJsonRpc> jsonRpcScopes = new ConcurrentHashMap<>();
    private final KernelMinerRegistry miners = new KernelMinerRegistry();
    private final ServiceDirectory services = new ServiceDirectory();
    private KernelConfig kernel;
    private Config pluginConfig;
    private Path dataDir;
    private NodeIdentity identity;
    private String apiToken;
    private KernelMetrics metrics;
    private NodeMeters nodeMeters;
    private PluginHost host;
    private PluginLifecycle lifecycle;
    private HttpServer http;
    private KernelJsonRpc jsonRpc;
    private NettyTransport transport;
    private final ExecutorService transportHandlers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("transport-handler-", 0).factory());
    private volatile boolean closed;

    private Node() {
    }

    /**
     * Starts a node. Configuration problems (unknown keys, bad values, in the kernel's tables or any installed
     * plugin's) fail here with a {@link ConfigException} naming the key, before anything is started.
     */
    public static Node start(NodeOptions options) {
        Node node = new Node();
        try {
            node.boot(options);
            return node;
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    private void boot(NodeOptions options) {
        Config config = options.config();
        kernel = KernelConfig.bind(config);
        dataDir = DataDirectory.resolve(kernel.node().dataDir(), config, options.configFile());
        DataDirectory.create(dataDir);
        if (options.configureLogging()) {
            LogSetup.configure(kernel.log(), kernel.log().file() ? dataDir.resolve("logs") : null);
        }
        LOG.info("Quarry {} starting; data directory {}", NodeVersion.version(), dataDir);
        DataDirectory.tighten(dataDir).ifPresent(LOG::warn);

        IdentityStore identities = new IdentityStore(dataDir);
        identity = identities.loadOrCreate();
        apiToken = identities.apiToken();

        Set<String> enabled = new LinkedHashSet<>(kernel.plugins().enabled());
        host = new PluginHost(PluginRoots.of(dataDir, kernel, options.extraPluginRoots()), NodeVersion.apiVersion(), options.inProcessPlugins(), enabled);
        closeInReverse.add(host);
        host.notInstalledMessage().ifPresent(message -> LOG.warn("{}; it is reported FAILED", message));
        Map<String, Record> pluginConfigs = validateConfig(config);

        RocksDatabase db = RocksDatabase.open(dataDir.resolve("db"), kernel.store().syncWrites());
        closeInReverse.add(db);
        // Holding the database lock now: no other node writes here, so every *.tmp is a dead write's.
        StaleTempFiles.clean(dataDir, dataDir.resolve("db"));
        BlobStore blobs = new FileBlobStore(dataDir.resolve("blobs"));
        metrics = new KernelMetrics();
        nodeMeters = new NodeMeters(metrics.registry());
        closeInReverse.add(metrics);
        http = KernelRoutes.newServer(kernel.http(), apiToken, metrics);
        closeInReverse.add(http);

        jsonRpc = new KernelJsonRpc(null);
        closeInReverse.add(jsonRpc);
        transport = NettyTransport.create(TransportSetup.settings(kernel.transport()), identity.keyPair(),
                identity.nodeId(), transportHandlers, metrics.registry());
        closeInReverse.add(transport);

        lifecycle = new PluginLifecycle(host.all(), this::forget);
        lifecycle.initAll(handle -> contextFor(handle, pluginConfigs, db, blobs));
        KernelRoutes.register(http, this);
        http.start();
        LOG.info("HTTP on http://{}", hostPort(http.address()));
        transport.listen(kernel.transport().listen().toSocketAddress());
        LOG.info("transport on {} (TLS 1.3 by {}, node id {})", hostPort(transport.listenAddress()),
                transport.tlsProvider() == TlsProvider.OPENSSL ? "BoringSSL" : "the JDK", identity.nodeId());
        lifecycle.startAll();
        LOG.info("node {} ({}) up with plugins {}", identity.nodeId(), kernel.node().name(), pluginSummary());
    }

    /** Every service scoped to one plugin. */
    private PluginContext contextFor(PluginHandle handle, Map<String, Record> pluginConfigs, RocksDatabase db,
            BlobStore blobs) {
        String id = handle.id();
        PluginMetrics pluginMetrics = metrics.forPlugin(id);
        PluginJsonRpc rpc = jsonRpc.forPlugin(id, pluginMetrics.registry(), http.forPlugin(id));
        jsonRpcScopes.put(id, rpc);
        return new PluginContext(id, NodeVersion.version(), kernel.node().name(), identity,
                boundConfig(id, pluginConfigs), pluginMetrics, db.columnFamily("plugin." + id), blobs, transport, rpc,
                http.forPlugin(id), executors.computeIfAbsent(id, KernelExecutors::new),
                dataDir.resolve("plugins-data").resolve(id), miners.forOwner(id), logTail(handle), services);
    }

    /**
     * Checks every table: unknown sections, and each installed plugin's table against its spec. Returns the
     * bound records of the plugins that will run, so their {@code init} gets exactly what was checked.
     */
    private Map<String, Record> validateConfig(Config loaded) {
        Set<String> sections = new LinkedHashSet<>(KernelConfig.SPECS.keySet());
        host.all().forEach(h -> sections.add(h.id()));
        Config config = loaded.withSections(sections);
        pluginConfig = config;
        Map<String, Record> bound = new HashMap<>();
        for (PluginHandle handle : host.all()) {
            if (handle.plugin().isPresent()) {
                ConfigSpec<?> spec = handle.plugin().get().configSpec();
                bound.put(handle.id(), config.bind(handle.id(), spec));
            }
        }
        return bound;
    }

    private io.quarry.kernel.plugin.ConfigBinder boundConfig(String pluginId, Map<String, Record> pluginConfigs) {
        return new io.quarry.kernel.plugin.ConfigBinder() {
            @Override
            public <R extends Record> R bind(ConfigSpec<R> spec) {
                Record value = pluginConfigs.get(pluginId);
                if (value == null || !spec.type().isInstance(value)) {
                    throw new ConfigException(pluginId, "plugin " + pluginId + " asked for " + spec.type().getName()
                            + " but its configSpec() declares "
                            + (value == null ? "nothing" : value.getClass().getName()));
                }
                return spec.type().cast(value);
            }

            @Override
            public <R extends Record> R bind(ConfigSpec<R> spec, Map<String, ?> overlay) {
                // The same check as above first: a plugin binds only the spec it declared.
                bind(spec);
                return pluginConfig.bindWith(pluginId, spec, overlay, "profile");
            }
        };
    }

    private java.util.function.IntFunction<List<String>> logTail(PluginHandle handle) {
        String prefix = handle.plugin().map(QuarryPlugin::getClass).map(Class::getPackageName).orElse(handle.id());
        RecentLogs.Handle ring = RecentLogs.register(prefix);
        return ring::lines;
    }

    /** A plugin failed: its routes, miners and offered services go with it. */
    private void forget(PluginHandle handle) {
        if (http != null) {
            http.removePlugin(handle.id());
        }
        PluginJsonRpc scope = jsonRpcScopes.get(handle.id());
        if (scope != null) {
            scope.close();
        }
        miners.unregisterAll(handle.id());
        services.withdrawAll(handle.id());
    }

    private String pluginSummary() {
        Map<String, String> summary = new LinkedHashMap<>();
        host.all().forEach(h -> summary.put(h.id(), h.state().name()));
        return summary.toString();
    }

    /** The node id (hex Ed25519 public key). */
    public String nodeId() {
        return identity.nodeId();
    }

    /** The resolved data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** The API token mutating routes require. */
    public String apiToken() {
        return apiToken;
    }

    /** Where the transport accepts peers. */
    public InetSocketAddress transportAddress() {
        return transport.listenAddress();
    }

    /** The node's transport, as plugins see it. */
    public io.quarry.api.transport.Transport transport() {
        return transport;
    }

    /** Where the HTTP server listens. */
    public InetSocketAddress httpAddress() {
        return http.address();
    }

    /** The node's miners. */
    public KernelMinerRegistry miners() {
        return miners;
    }

    /** The metrics registry. */
    public KernelMetrics metrics() {
        return metrics;
    }

    /** The installed plugins and their states. */
    public List<PluginHandle> plugins() {
        return List.copyOf(host.all());
    }

    /** {@code /metrics}: every meter, with the node's health and miner figures brought up to date first. */
    public String scrapeMetrics() {
        nodeMeters.refresh(health(), miners.all());
        return metrics.scrape();
    }

    /** What {@code /health} answers right now. */
    public HealthReport health() {
        List<PluginReport> reports = host.all().stream()
                .map(h -> PluginReport.of(h, miners.ownedBy(h.id()),
                        http == null ? null : http.panelPath(h.id()).orElse(null),
                        http == null ? List.of() : http.panelPages(h.id())))
                .toList();
        double uptime = (System.nanoTime() - startedNanos) / 1e9;
        return HealthReport.of(identity.nodeId(), kernel.node().name(), NodeVersion.version(), NodeVersion.runtime(),
                uptime, reports);
    }

    /** Whether a plugin with this id is STARTED. */
    public boolean isStarted(String pluginId) {
        return host.find(pluginId).map(h -> h.state() == PluginState.STARTED).orElse(false);
    }

    /** Stops plugins in reverse start order, then the kernel services. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("node stopping");
        if (lifecycle != null) {
            lifecycle.stopAll(PLUGIN_STOP_BUDGET, ALL_PLUGINS_STOP_BUDGET);
        }
        for (PluginHandle handle : host == null ? List.<PluginHandle>of() : host.all()) {
            miners.unregisterAll(handle.id());
            services.withdrawAll(handle.id());
        }
        jsonRpcScopes.values().forEach(PluginJsonRpc::close);
        executors.values().forEach(e -> e.shutdown(Duration.ofSeconds(1)));
        for (int i = closeInReverse.size() - 1; i >= 0; i--) {
            try {
                closeInReverse.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", closeInReverse.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        transportHandlers.shutdownNow();
        LOG.info("node stopped");
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
