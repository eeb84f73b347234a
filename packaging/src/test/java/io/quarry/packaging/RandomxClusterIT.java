package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomx-cluster with the real quarry.jar: three processes in auto mode on loopback (discovery_peers), one
 * with ram_mb = 512, solo mining on a regtest monerod at difficulty 40. They elect the smallest node id and blocks
 * are accepted; after kill -9 of the master the other two elect a new master, which takes over monerod, and
 * blocks keep coming; monerod's chain never holds the same block twice.
 */
@Tag("process")
class RandomxClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WALLET = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";
    private static final long DIFFICULTY = 40;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void threeProcessesMineAsOneClusterAndSurviveKillNineOfTheMaster() throws Exception {
        Path monerodBinary = Path.of("/usr/bin/monerod");
        assumeTrue(Files.isExecutable(monerodBinary) || "true".equals(System.getenv("CI")),
                "monerod is not installed (scripts/install-test-deps.sh installs it)");
        Path secret = dir.resolve("cluster.secret");
        QuarryProcess made = QuarryProcess.run(dir, "randomx", "cluster", "secret");
        Files.writeString(secret, made.stdout());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int rpcPort = QuarryProcess.freePort();
        Process monerod = new ProcessBuilder(monerodBinary.toString(), "--regtest", "--offline", "--fixed-difficulty",
                Long.toString(DIFFICULTY), "--non-interactive", "--no-zmq", "--no-igd", "--disable-dns-checkpoints",
                "--check-updates", "disabled", "--data-dir", dir.resolve("monerod").toString(), "--log-level", "0",
                "--p2p-bind-ip", "127.0.0.1", "--p2p-bind-port", Integer.toString(QuarryProcess.freePort()),
                "--rpc-bind-ip", "127.0.0.1", "--rpc-bind-port", Integer.toString(rpcPort))
                .redirectErrorStream(true).redirectOutput(dir.resolve("monerod.out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String daemon = "http://127.0.0.1:" + rpcPort;
        List<QuarryProcess> nodes = new ArrayList<>();
        try {
            await(() -> height(daemon) >= 0, Duration.ofSeconds(60));
            int[] udp = {QuarryProcess.freePort(), QuarryProcess.freePort(), QuarryProcess.freePort()};
            int[] httpPorts = {QuarryProcess.freePort(), QuarryProcess.freePort(), QuarryProcess.freePort()};
            for (int i = 0; i < 3; i++) {
                Path config = write(i, httpPorts[i], udp, secret, daemon);
                nodes.add(QuarryProcess.start(dir, Map.of(), "run", "--config", config.toString()));
            }
            List<String> bases = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String base = "http://127.0.0.1:" + httpPorts[i];
                bases.add(base);
                assertThat(nodes.get(i).awaitOk(URI.create(base + "/health"), Duration.ofSeconds(90)))
                        .as("node %d health; stderr:%n%s", i, nodes.get(i).stderr()).isNotNull();
            }
            await(() -> bases.stream().allMatch(b -> !cluster(b).path("masterId").asText().isEmpty())
                    && bases.stream().map(b -> cluster(b).path("masterId").asText()).distinct().count() == 1,
                    Duration.ofSeconds(60));
            for (String base : bases) {
                ids.add(cluster(base).path("members").get(0).path("nodeId").asText());
            }
            String smallest = ids.stream().min(String::compareTo).orElseThrow();
            int master = ids.indexOf(smallest);
            assertThat(cluster(bases.get(0)).path("masterId").asText()).as("the smallest id is master").isEqualTo(smallest);
            long start = height(daemon);
            await(() -> height(daemon) >= start + 2, Duration.ofSeconds(300));
            if (master != 2) {
                // The ram_mb = 512 node cannot hold the dataset: it measures light mode against the dataset host.
                await(() -> cluster(bases.get(2)).has("hashing"), Duration.ofSeconds(120));
                JsonNode hashing = cluster(bases.get(2)).get("hashing");
                assertThat(hashing.get("remote").asBoolean())
                        .isEqualTo(hashing.get("remoteRate").asDouble() > hashing.get("localRate").asDouble());
            }

            nodes.get(master).kill();
            List<String> survivors = new ArrayList<>(bases);
            survivors.remove(master);
            List<String> survivorIds = new ArrayList<>(ids);
            survivorIds.remove(master);
            String next = survivorIds.stream().min(String::compareTo).orElseThrow();
            await(() -> survivors.stream().allMatch(b -> cluster(b).path("masterId").asText().equals(next)),
                    Duration.ofSeconds(60));
            long afterKill = height(daemon);
            await(() -> height(daemon) >= afterKill + 2, Duration.ofSeconds(300));

            // The survivors' blocks are at distinct heights, and no block id appears twice in monerod's chain.
            Set<Long> heights = new HashSet<>();
            for (String base : survivors) {
                JsonNode stats = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/randomx-cluster/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode block : stats.path("blocks")) {
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
        } finally {
            for (QuarryProcess node : nodes) {
                node.close();
            }
            monerod.destroy();
            monerod.waitFor();
        }
    }

    @Test
    void theClusterVerbRunsANodeInTheGivenRole() throws Exception {
        Path secret = dir.resolve("verb.secret");
        Files.writeString(secret, QuarryProcess.run(dir, "randomx", "cluster", "secret").stdout());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int httpPort = QuarryProcess.freePort();
        Path config = dir.resolve("verb.toml");
        // The pool is unreachable on purpose: the node starts, keeps retrying it, and reports its role.
        Files.writeString(config, """
                [node]
                data_dir = "verb-data"
                [http]
                listen = "127.0.0.1:%d"
                [transport]
                listen = "127.0.0.1:0"
                [randomx-cluster]
                mode = "light"
                huge_pages = "off"
                pools = [{ url = "127.0.0.1:1", user = "rig" }]
                cluster_secret_file = "%s"
                discovery_port = %d
                """.formatted(httpPort, secret, QuarryProcess.freePort()));
        QuarryProcess refused = QuarryProcess.run(dir, "randomx", "cluster", "-m", "master", "-a", "ghostrider");
        assertThat(refused.stderr()).contains("ghostrider is not supported yet");
        String base = "http://127.0.0.1:" + httpPort;
        try (QuarryProcess node = QuarryProcess.start(dir, Map.of(), "randomx", "cluster", "-m", "master", "-t", "1",
                "--config", config.toString())) {
            assertThat(node.awaitOk(URI.create(base + "/health"), Duration.ofSeconds(90)))
                    .as("node health; stderr:%n%s", node.stderr()).isNotNull();
            await(() -> cluster(base).path("role").asText().equals("master"), Duration.ofSeconds(30));
            assertThat(node.terminate(Duration.ofSeconds(30))).as("the verb stops on SIGTERM").isNotEqualTo(-1);
            assertThat(cluster(base).isMissingNode()).as("and the node it started is gone with it").isTrue();
        }
    }

    private Path write(int index, int httpPort, int[] udp, Path secret, String daemon) throws IOException {
        Path file = dir.resolve("node-" + index + ".toml");
        Files.writeString(file, """
                [node]
                name = "rx-%d"
                data_dir = "data-%d"
                [http]
                listen = "127.0.0.1:%d"
                [transport]
                listen = "127.0.0.1:0"
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
                discovery_peers = ["127.0.0.1:%d", "127.0.0.1:%d"]
                %s
                """.formatted(index, index, httpPort, daemon, WALLET, secret, udp[index], udp[(index + 1) % 3],
                udp[(index + 2) % 3], index == 2 ? "ram_mb = 512" : ""));
        return file;
    }

    private JsonNode cluster(String base) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/v1/randomx-cluster/stats")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("cluster");
        } catch (IOException e) {
            return JSON.missingNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long height(String daemon) {
        try {
            return rpc(daemon, "get_info", "{}").path("result").path("height").asLong(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode rpc(String daemon, String method, String params) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"0\",\"method\":\"" + method + "\",\"params\":" + params + "}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(daemon + "/json_rpc"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
