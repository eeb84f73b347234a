package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * What the randomx-cluster end-to-end tests share, whatever network the nodes are on: a regtest monerod at a
 * fixed difficulty, the nodes' configuration, their stats API, and the scenario itself (election of the smallest
 * id, accepted blocks, the low-RAM node's measured hashing choice, kill -9 of the master, failover, no block twice).
 */
final class RandomxClusterHarness {

    static final String WALLET = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";
    /** Above 1, so blocks need real work, and low enough that three light-mode threads find one every few seconds. */
    static final long DIFFICULTY = 40;
    static final Path MONEROD = Path.of("/usr/bin/monerod");

    /** Blobs in the low-RAM node's measuring HASH_REQUESTs (three of 8). */
    private static final int PROBE_HASHES = 24;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A running node: its process, its HTTP base URL and the API token file it creates (sent when it exists). */
    record Node(QuarryProcess process, String base, Path tokenFile) {
    }

    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RandomxClusterHarness(Path dir) {
        this.dir = dir;
    }

    static boolean monerodAvailable() {
        return Files.isExecutable(MONEROD) || "true".equals(System.getenv("CI"));
    }

    /** Stops monerod: asked first, killed when it has not gone after 30 s, never waited for without end. */
    static void stop(Process monerod) throws InterruptedException {
        monerod.destroy();
        if (!monerod.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            monerod.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** A new cluster secret file (0600) made by {@code quarry randomx cluster secret}. */
    Path secret() throws IOException, InterruptedException {
        Path secret = dir.resolve("cluster.secret");
        Files.writeString(secret, QuarryProcess.run(dir, "randomx", "cluster", "secret").stdout());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        return secret;
    }

    /** A regtest monerod at {@link #DIFFICULTY} with its RPC on {@code rpcHost:rpcPort}; returns once it answers. */
    Process monerod(String rpcHost, int rpcPort) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(MONEROD.toString(), "--regtest", "--offline", "--fixed-difficulty",
                Long.toString(DIFFICULTY), "--non-interactive", "--no-zmq", "--no-igd", "--disable-dns-checkpoints",
                "--check-updates", "disabled", "--data-dir", dir.resolve("monerod").toString(), "--log-level", "0",
                "--p2p-bind-ip", "127.0.0.1", "--p2p-bind-port", Integer.toString(QuarryProcess.freePort()),
                "--rpc-bind-ip", rpcHost, "--rpc-bind-port", Integer.toString(rpcPort)));
        if (!rpcHost.startsWith("127.")) {
            command.add("--confirm-external-bind"); // monerod refuses a non-loopback RPC address without it
        }
        Process monerod = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("monerod.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String daemon = "http://" + rpcHost + ":" + rpcPort;
        try {
            await(() -> height(daemon) >= 0, Duration.ofSeconds(60));
        } catch (AssertionError e) {
            monerod.destroyForcibly();
            throw e;
        }
        return monerod;
    }

    /**
     * Creates the nodes' identities ({@code quarry init} in {@code data-<i>}) and returns the index of the one with
     * the largest node id: never elected while the others live, so it is the one to give {@code ram_mb = 512}, and
     * the scenario always sees it measure light mode against remote hashing.
     */
    int initAndPickLowRam(int count) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            QuarryProcess init = QuarryProcess.run(dir, "init", "--json", "--data-dir", "data-" + i);
            ids.add(JSON.readTree(init.stdout()).path("nodeId").asText());
        }
        assertThat(ids).as("node ids").doesNotContain("").doesNotHaveDuplicates();
        return ids.indexOf(ids.stream().max(String::compareTo).orElseThrow());
    }

    /**
     * Node {@code index}'s configuration: auto role, light mode, one thread, solo mining on {@code daemon}; HTTP and
     * the transport on {@code host}; beacons on {@code discoveryPort} and to {@code peers} (none: broadcast only);
     * with {@code lowRam}, {@code ram_mb = 512}: it cannot hold the dataset.
     */
    Path config(int index, String host, int httpPort, Path secret, String daemon, int discoveryPort,
                List<String> peers, boolean lowRam) throws IOException {
        Path file = dir.resolve("node-" + index + ".toml");
        Files.writeString(file, """
                [node]
                name = "rx-%d"
                data_dir = "data-%d"
                [http]
                listen = "%s:%d"
                [transport]
                listen = "%s:0"
                [plugins]
                enabled = ["randomx-cluster"]
                [randomx-cluster]
                mode = "light"
                threads = 1
                huge_pages = "off"
                daemon_rpc = "%s"
                daemon_poll_ms = 200
                wallet_address = "%s"
                role = "auto"
                cluster_secret_file = "%s"
                discovery_port = %d
                discovery_peers = [%s]
                %s
                """.formatted(index, index, host, httpPort, host, daemon, WALLET, secret, discoveryPort,
                peers.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(", ")),
                lowRam ? "ram_mb = 512" : ""));
        return file;
    }

    /** Where node {@code index} (configured by {@link #config}) keeps its API token. */
    Path tokenFile(int index) {
        return dir.resolve("data-" + index + "/identity/api-token");
    }

    /**
     * The scenario on three started nodes mining into {@code daemon}: they agree on the smallest node id as master,
     * monerod accepts blocks, the low-RAM node (index {@code lowRam}, not the smallest id) hashes the way it measured
     * faster; after kill -9 of the master the other two agree on the next smallest id within {@code failover},
     * blocks keep coming, each height was submitted once and monerod's chain never holds the same block twice.
     * Returns how long the failover took.
     */
    Duration mineAndFailOver(List<Node> nodes, int lowRam, String daemon, Duration failover) throws Exception {
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            assertThat(node.process().awaitOk(URI.create(node.base() + "/health"), Duration.ofSeconds(90)))
                    .as("node %d health; stderr:%n%s", i, node.process().stderr()).isNotNull();
        }
        await(() -> nodes.stream().allMatch(n -> !cluster(n).path("masterId").asText().isEmpty())
                && nodes.stream().map(n -> cluster(n).path("masterId").asText()).distinct().count() == 1,
                Duration.ofSeconds(60));
        List<String> ids = new ArrayList<>();
        for (Node node : nodes) {
            ids.add(cluster(node).path("members").get(0).path("nodeId").asText());
        }
        String smallest = ids.stream().min(String::compareTo).orElseThrow();
        int master = ids.indexOf(smallest);
        assertThat(cluster(nodes.get(0)).path("masterId").asText()).as("the smallest id is master").isEqualTo(smallest);
        long start = height(daemon);
        await(() -> height(daemon) >= start + 2, Duration.ofSeconds(300));
        assertThat(master).as("the low-RAM node has the largest id, so it is not master").isNotEqualTo(lowRam);
        // The ram_mb = 512 node cannot hold the dataset: it measures light mode against the dataset host.
        Node small = nodes.get(lowRam);
        await(() -> cluster(small).has("hashing"), Duration.ofSeconds(120));
        JsonNode hashing = cluster(small).path("hashing");
        assertThat(hashing.isObject()).as("hashing choice in the stats: %s", hashing).isTrue();
        boolean remote = hashing.path("remote").asBoolean();
        // Both ways were measured: a failing HASH_REQUEST would read 0 and pass as "light mode is faster".
        assertThat(hashing.path("remoteRate").asDouble()).as("remote hashing measured %s", hashing).isPositive();
        assertThat(hashing.path("localRate").asDouble()).as("light mode measured %s", hashing).isPositive();
        assertThat(ids).as("the host it measured is a member: %s", hashing).contains(hashing.path("host").asText());
        assertThat(remote).as("hashing choice %s", hashing)
                .isEqualTo(hashing.path("remoteRate").asDouble() > hashing.path("localRate").asDouble());
        if (remote) {
            // Its hashes now come from the host: more than the measuring requests got.
            await(() -> cluster(small).path("remoteHashes").asLong() > PROBE_HASHES, Duration.ofSeconds(60));
        }
        System.out.println("low-RAM node hashing: " + hashing);

        long killed = System.nanoTime();
        nodes.get(master).process().kill();
        List<Node> survivors = new ArrayList<>(nodes);
        survivors.remove(master);
        List<String> survivorIds = new ArrayList<>(ids);
        survivorIds.remove(master);
        String next = survivorIds.stream().min(String::compareTo).orElseThrow();
        await(() -> survivors.stream().allMatch(n -> cluster(n).path("masterId").asText().equals(next)), failover);
        Duration tookOver = Duration.ofNanos(System.nanoTime() - killed);
        long afterKill = height(daemon);
        await(() -> height(daemon) >= afterKill + 2, Duration.ofSeconds(300));

        // The survivors' blocks are at distinct heights, and no block id appears twice in monerod's chain.
        Set<Long> heights = new HashSet<>();
        for (Node node : survivors) {
            for (JsonNode block : stats(node).path("blocks")) {
                assertThat(heights.add(block.path("height").asLong())).as("height %s submitted once", block).isTrue();
            }
        }
        Set<String> hashes = new HashSet<>();
        long top = height(daemon);
        for (long h = 1; h < top; h++) {
            JsonNode header = rpc(daemon, "get_block_header_by_height", "{\"height\":" + h + "}")
                    .path("result").path("block_header");
            assertThat(hashes.add(header.path("hash").asText())).as("block at height %d is new", h).isTrue();
        }
        return tookOver;
    }

    /** The {@code cluster} part of the node's stats; missing when the node does not answer. */
    JsonNode cluster(Node node) {
        return stats(node).path("cluster");
    }

    /** The node's randomx-cluster stats; missing when the node does not answer. */
    JsonNode stats(Node node) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base()
                    + "/api/v1/randomx-cluster/stats")).timeout(Duration.ofSeconds(5));
            if (Files.exists(node.tokenFile())) {
                request.header("Authorization", "Bearer " + Files.readString(node.tokenFile()).trim());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.missingNode();
        } catch (IOException e) {
            return JSON.missingNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long height(String daemon) {
        try {
            return rpc(daemon, "get_info", "{}").path("result").path("height").asLong(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode rpc(String daemon, String method, String params) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"0\",\"method\":\"" + method + "\",\"params\":" + params + "}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(daemon + "/json_rpc"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Polls {@code condition} every 250 ms until it holds; fails once {@code timeout} has passed. */
    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
