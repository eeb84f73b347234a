package io.quarry.testkit;

import io.quarry.api.QuarryPlugin;
import io.quarry.api.miner.Miner;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.kernel.Node;
import io.quarry.kernel.NodeOptions;
import io.quarry.kernel.config.Config;
import io.quarry.kernel.config.ConfigLoader;
import io.quarry.kernel.config.ConfigOverride;
import io.quarry.kernel.plugin.InProcessPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A real Quarry node inside the test JVM: HTTP and transport bound to port 0 on loopback, its own data
 * directory, and whichever plugins the test gives it, from the class path or from plugin zips. Tests see it
 * through API types ({@link Miner}, {@link Transport}, {@link PluginStatus}) and HTTP, never the kernel's own
 * classes, so a plugin's tests need only the API and this testkit.
 *
 * <pre>{@code
 * try (TestNode node = TestNode.builder(tempDir).plugin("echo", EchoPlugin::new).start()) {
 *     assertThat(node.get("/health").statusCode()).isEqualTo(200);
 * }
 * }</pre>
 */
public final class TestNode implements AutoCloseable {

    /**
     * The class a child JVM runs to be a whole Quarry node, with the test's own class path (for tests that need a
     * node in another process, such as a stand-in for an outside program).
     */
    public static final String MAIN_CLASS = io.quarry.kernel.Main.class.getName();

    private final Node node;
    private final HttpClient client = HttpClient.newHttpClient();

    private TestNode(Node node) {
        this.node = node;
    }

    /** A builder for a node keeping its state under {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** The node's id: its Ed25519 public key in hex. */
    public String nodeId() {
        return node.nodeId();
    }

    /** The node's data directory. */
    public Path dataDir() {
        return node.dataDir();
    }

    /** The node's API token, which {@code TOKEN} routes and {@link #post} need. */
    public String apiToken() {
        return node.apiToken();
    }

    /** Where other nodes reach this one over the transport, with the node id they must find there. */
    public PeerAddress peerAddress() {
        return new PeerAddress(node.nodeId(), "127.0.0.1", node.transportAddress().getPort());
    }

    /** The node's transport, as a plugin on it sees it (to call a plugin's protocol from the test). */
    public Transport transport() {
        return node.transport();
    }

    /** The bound HTTP address (loopback, the port the node chose). */
    public InetSocketAddress httpAddress() {
        return node.httpAddress();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + node.httpAddress().getPort());
    }

    /** {@code ws://127.0.0.1:<port><path>}, for a plugin's WebSocket endpoint. */
    public URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + node.httpAddress().getPort() + path);
    }

    /** A JSON-RPC over HTTP client of {@code path} on this node, sending the API token. */
    public HttpRpcClient rpcClient(String path) {
        return new HttpRpcClient(baseUri().resolve(path), Optional.of(node.apiToken()));
    }

    /** Every miner the node's plugins registered. */
    public List<Miner> miners() {
        return node.miners().all();
    }

    /** The miner registered under {@code id}. */
    public Optional<Miner> miner(String id) {
        return node.miners().find(id);
    }

    /** The plugins the node found, in load order, with their states. */
    public List<PluginStatus> plugins() {
        return node.plugins().stream().map(h -> new PluginStatus(h.id(), h.version(), h.state(), h.error(),
                h.classLoader())).toList();
    }

    /** The plugin {@code id}'s status. */
    public Optional<PluginStatus> plugin(String id) {
        return plugins().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** GETs {@code path} from the node's HTTP port. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(baseUri().resolve(path)).GET().build());
    }

    /** POSTs a JSON body to {@code path} with the node's API token. */
    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(baseUri().resolve(path))
                .header("Authorization", "Bearer " + node.apiToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Sends any request. */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        node.close();
        client.close();
    }

    /** Configures a {@link TestNode}. */
    public static final class Builder {
        private final Path dataDir;
        private final List<InProcessPlugin> plugins = new ArrayList<>();
        private final Set<String> enabled = new LinkedHashSet<>();
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<Path> pluginDirs = new ArrayList<>();

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Adds and enables a plugin whose classes are on the test class path. */
        public Builder plugin(String id, Supplier<? extends QuarryPlugin> factory) {
            plugins.add(new InProcessPlugin(id, "0.0.0-test", factory));
            enabled.add(id);
            return this;
        }

        /** Enables a plugin found in a plugin directory (for example one built by {@link PluginZip}). */
        public Builder enable(String id) {
            enabled.add(id);
            return this;
        }

        /** Adds a directory of plugin zips or jars. */
        public Builder pluginDir(Path dir) {
            pluginDirs.add(dir);
            return this;
        }

        /** Sets one key as {@code --set key=value} would; the value is a TOML literal or a plain string. */
        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** Starts the node; fails with the node's own exception when it cannot. */
        public TestNode start() {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<ConfigOverride> overrides = new ArrayList<>();
            overrides.add(new ConfigOverride("node.data_dir", toml(dataDir.toAbsolutePath().toString()), "testkit"));
            overrides.add(new ConfigOverride("http.listen", toml("127.0.0.1:0"), "testkit"));
            overrides.add(new ConfigOverride("transport.listen", toml("127.0.0.1:0"), "testkit"));
            overrides.add(new ConfigOverride("log.file", "false", "testkit"));
            overrides.add(new ConfigOverride("plugins.enabled",
                    "[" + String.join(", ", enabled.stream().map(Builder::toml).toList()) + "]", "testkit"));
            settings.forEach((k, v) -> overrides.add(new ConfigOverride(k, v, "test")));
            Config config = ConfigLoader.load(java.util.Optional.empty(), overrides, Map.of());
            return new TestNode(Node.start(new NodeOptions(config, java.util.Optional.empty(), plugins, false, pluginDirs)));
        }

        private static String toml(String value) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
