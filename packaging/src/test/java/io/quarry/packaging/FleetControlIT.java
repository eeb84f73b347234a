package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarry.api.transport.PeerAddress;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.bundle.BundleArchive;
import io.quarry.fleet.bundle.BundleCrypto;
import io.quarry.fleet.bundle.BundleEntry;
import io.quarry.fleet.bundle.BundleType;
import io.quarry.fleet.bundle.DeployHeader;
import io.quarry.fleet.protocol.CommandSigning;
import io.quarry.fleet.protocol.FleetCommand;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.fleet.protocol.FleetReply;
import io.quarry.kernel.identity.IdentityStore;
import io.quarry.kernel.identity.NodeIdentity;
import io.quarry.kernel.transport.NettyTransport;
import io.quarry.kernel.transport.TransportSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet control with the real quarry.jar in four processes: a controller, a worker mining PoIES on its dev
 * chain, a worker whose idle randomx-cluster the controller starts with a profile against a pool stand-in, and
 * a dual node that tries to command a worker that never registered it. Everything goes through the REST API with each node's API token, as an operator's
 * {@code quarry fleet} verbs do. Then the test itself joins the transport as the controller (its key from the
 * controller's data directory, as a restored backup would) and sends the PoIES worker a command twice and a
 * streamed bundle with one flipped byte: the worker process refuses both, counts them and writes audit lines.
 */
@Tag("process")
class FleetControlIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/api/v1/fleet-control/";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<QuarryProcess> started = new java.util.ArrayList<>();

    @AfterEach
    void stopAll() {
        started.reversed().forEach(QuarryProcess::close);
    }

    private record Node(String name, int httpPort, int transportPort, QuarryProcess process) {
        String base() {
            return "http://127.0.0.1:" + httpPort;
        }
    }

    @Test
    void aControllerDrivesWorkersInOtherProcessesAndAStrangerIsRefused() throws Exception {
        Node boss = start("boss", List.of("fleet-control"), """
                [fleet-control]
                role = "controller"
                """);
        String bossId = await(boss, API + "node/info", j -> true).get("id").asText();
        String trust = "controllers = [\"" + bossId + "\"]\n";
        Node poies = start("poies-rig", List.of("fleet-control", "poies-miner"), """
                [fleet-control]
                role = "worker"
                %s
                [poies-miner]
                roles = ["node"]
                threads = 1
                stratum_listen = ""
                block_time_secs = 2
                """.formatted(trust));
        Node randomx = start("rx-rig", List.of("fleet-control", "randomx-cluster"), """
                [fleet-control]
                role = "worker"
                %s
                """.formatted(trust));
        Node stranger = start("stranger", List.of("fleet-control"), "[fleet-control]\n" + trust);
        QuarryProcess poiesProcess = poies.process();
        for (Node worker : List.of(poies, randomx, stranger)) {
            String id = await(worker, API + "node/info", j -> true).get("id").asText();
            JsonNode added = post(boss, API + "peers", "{\"address\": \"127.0.0.1:" + worker.transportPort()
                    + "\", \"name\": \"" + worker.name() + "\"}", 201);
            assertThat(added.get("id").asText()).as("the id learned by handshake").isEqualTo(id);
            assertThat(added.get("status").asText()).isEqualTo("online");
        }

        // Stop then start the PoIES scanner remotely; the fleet view shows it hashing.
        assertThat(post(boss, API + "remote/poies-rig/stop", "{\"miner\": \"poies-miner/local\"}", 200)
                .get("state").asText()).isEqualTo("stopped");
        assertThat(post(boss, API + "remote/poies-rig/start", "{\"miner\": \"poies-miner/local\"}", 200)
                .get("state").asText()).isIn("starting", "running");
        JsonNode fleet = await(boss, API + "remote/stats", j -> j.path("totalHashrate").path("poies").asDouble() > 0);
        assertThat(fleet.get("peers")).hasSize(3);
        assertThat(fleet.toString()).contains("\"rx-rig\"", "randomx-cluster/local", "\"stranger\"");

        // A profile for randomx-cluster is validated by that plugin's own spec on the worker...
        String bad = postRaw(boss, API + "remote/rx-rig/start",
                "{\"miner\": \"randomx-cluster/local\", \"settings\": {\"threads\": \"many\"}}").body();
        assertThat(bad).contains("bad_profile", "randomx-cluster.threads");
        // ...and a good one gives the idle miner a pool (a stand-in) without restarting the worker.
        try (PoolStandIn pool = new PoolStandIn()) {
            HttpResponse<String> stored = send(boss, HttpRequest.newBuilder(URI.create(boss.base() + API + "profiles/rx-light"))
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                            "{\"settings\": {\"mode\": \"light\", \"threads\": 1, \"huge_pages\": \"off\", \"pools\": "
                                    + "[{\"url\": \"127.0.0.1:" + pool.port() + "\", \"user\": \"rig\"}]}}")));
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(204);
            JsonNode rx = post(boss, API + "remote/rx-rig/start",
                    "{\"miner\": \"randomx-cluster/local\", \"profile\": \"rx-light\"}", 200);
            assertThat(rx.get("profile").asText()).isEqualTo("rx-light");
            await(boss, API + "remote/stats", j -> j.path("totalHashrate").path("randomx").asDouble() > 0);
            assertThat(pool.logins.get()).isPositive();
            post(boss, API + "remote/rx-rig/stop", "{\"miner\": \"randomx-cluster/local\"}", 200);
        }

        JsonNode logs = get(boss, API + "remote/poies-rig/logs/poies-miner%2Flocal?lines=20", 200);
        assertThat(logs.get("lines")).isNotEmpty();
        assertThat(post(boss, API + "remote/poies-rig/stop", "{\"miner\": \"poies-miner/local\"}", 200)
                .get("state").asText()).isEqualTo("stopped");

        // The stranger registers the PoIES worker and commands it: refused, counted and audited there.
        post(stranger, API + "peers", "{\"address\": \"127.0.0.1:" + poies.transportPort() + "\", \"name\": \"x\"}", 201);
        HttpResponse<String> refused = postRaw(stranger, API + "remote/x/start", "{\"miner\": \"poies-miner/local\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("not_a_controller");
        assertThat(text(poies, "/metrics")).containsPattern(
                "quarry_fleet_control_commands_refused_total\\{code=\"not_a_controller\".*\\} [1-9]");
        assertThat(poiesProcess.stdout() + poiesProcess.stderr()).contains("fleet audit: refused start_miner");

        replayAndTamper(poies, bossId);

        // The operator's verbs in the real jar: `quarry fleet ...` talks to the running controller.
        QuarryProcess list = QuarryProcess.run(dir, "fleet", "peer", "list", "--config",
                dir.resolve("boss.toml").toString(), "--api", boss.base(), "--token-file",
                dir.resolve("boss-data/identity/api-token").toString());
        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains("poies-rig", "rx-rig", "online");

        // Every node speaks XMRig's summary.
        JsonNode summary = JSON.readTree(text(poies, "/2/summary"));
        assertThat(summary.get("worker_id").asText()).isEqualTo("poies-rig");
        assertThat(summary.path("hashrate").path("total")).hasSize(3);
    }

    /**
     * Sends {@code worker} a signed ping twice (the second is a replay) and a deploy whose ciphertext has one
     * flipped byte, over the transport as the controller {@code bossId}, and checks the worker process refused
     * both with the right codes, in its counters and its audit log.
     */
    private void replayAndTamper(Node worker, String bossId) throws Exception {
        NodeIdentity boss = new IdentityStore(dir.resolve("boss-data")).load();
        assertThat(boss.nodeId()).isEqualTo(bossId);
        String workerId = get(worker, API + "node/info", 200).get("id").asText();
        PeerAddress target = new PeerAddress(workerId, "127.0.0.1", worker.transportPort());
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        try (NettyTransport transport = NettyTransport.create(TransportSettings.DEFAULTS, boss.keyPair(), boss.nodeId(),
                handlers, new SimpleMeterRegistry())) {
            FleetCommand ping = CommandSigning.sign(boss, UUID.randomUUID().toString(), "ping", workerId,
                    System.currentTimeMillis(), "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(sendCommand(transport, target, ping).type()).isEqualTo("pong");
            FleetReply replayed = sendCommand(transport, target, ping);
            assertThat(replayed.type()).isEqualTo("error");
            assertThat(new String(replayed.payload(), StandardCharsets.UTF_8)).contains("replayed");

            // The bundle streams after its deploy command; one flipped byte in the body fails its chunk's tag.
            byte[] tar = BundleArchive.write(List.of(new BundleEntry("bin/miner", new byte[] {1, 2, 3}, true)));
            DeployHeader header = BundleCrypto.header(boss, workerId, BundleType.MINER, tar.length, BundleCrypto.sha256Hex(tar));
            byte[] body;
            try (InputStream sealed = BundleCrypto.seal(boss, workerId, header, new ByteArrayInputStream(tar))) {
                body = sealed.readAllBytes();
            }
            body[body.length / 2] ^= 1;
            FleetCommand deploy = CommandSigning.sign(boss, UUID.randomUUID().toString(), "deploy", workerId,
                    System.currentTimeMillis(), FleetJson.write(header));
            FleetReply tampered = transport.upload(target, FleetProtocol.DEPLOY, deploy, new ByteArrayInputStream(body))
                    .get(30, TimeUnit.SECONDS);
            assertThat(tampered.type()).isEqualTo("error");
            assertThat(new String(tampered.payload(), StandardCharsets.UTF_8)).contains("bad_bundle");

            String metrics = text(worker, "/metrics");
            assertThat(metrics).containsPattern("quarry_fleet_control_commands_refused_total\\{code=\"replayed\".*\\} [1-9]");
            assertThat(metrics).containsPattern("quarry_fleet_control_commands_refused_total\\{code=\"bad_bundle\".*\\} [1-9]");
            String log = worker.process().stdout() + worker.process().stderr();
            assertThat(log).contains("fleet audit: refused ping id=" + ping.id() + " from " + bossId);
            assertThat(log).contains("fleet audit: refused deploy id=" + deploy.id() + " from " + bossId);
        } finally {
            handlers.shutdownNow();
        }
    }

    private static FleetReply sendCommand(NettyTransport transport, PeerAddress target, FleetCommand command) throws Exception {
        return transport.request(target, FleetProtocol.COMMAND, command).get(30, TimeUnit.SECONDS);
    }

    /**
     * Starts a node and waits for its /health. Ports are picked free and released before the child binds
     * them, so another process on the machine can take one in between: then the node exits saying so and is
     * started again on other ports.
     */
    private Node start(String name, List<String> plugins, String tables) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int httpPort = QuarryProcess.freePort();
            int transportPort = QuarryProcess.freePort();
            Path config = dir.resolve(name + ".toml");
            Files.writeString(config, """
                    [node]
                    name = "%s"
                    data_dir = "%s-data"
                    [http]
                    listen = "127.0.0.1:%d"
                    [transport]
                    listen = "127.0.0.1:%d"
                    [plugins]
                    enabled = [%s]
                    [fleet-control]
                    name = "%s"
                    """.formatted(name, name, httpPort, transportPort,
                    String.join(", ", plugins.stream().map(p -> "\"" + p + "\"").toList()), name)
                    + tables.replace("[fleet-control]\n", ""));
            QuarryProcess process = QuarryProcess.start(dir, Map.of(), "run", "--config", config.toString());
            started.add(process);
            Node node = new Node(name, httpPort, transportPort, process);
            if (process.awaitOk(URI.create(node.base() + "/health"), Duration.ofMinutes(2)) != null) {
                return node;
            }
            process.close();
            if (attempt == 3 || !process.stderr().contains("already in use")) {
                throw new AssertionError(name + " did not start; stderr:\n" + process.stderr());
            }
        }
    }

    private String token(Node node) throws IOException {
        return Files.readString(dir.resolve(node.name() + "-data/identity/api-token")).trim();
    }

    /** Polls a token-protected GET until {@code done} holds for its JSON (or two minutes pass). */
    private JsonNode await(Node node, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = send(node, HttpRequest.newBuilder(URI.create(node.base() + path)).GET());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && done.test(JSON.readTree(r.body()))) {
                    return JSON.readTree(r.body());
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(node.name() + " " + path + " never got there; last answer: " + last
                + "\nstderr:\n" + node.process().stderr());
    }

    private JsonNode get(Node node, String path, int status) throws Exception {
        HttpResponse<String> r = send(node, HttpRequest.newBuilder(URI.create(node.base() + path)).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private JsonNode post(Node node, String path, String body, int status) throws Exception {
        HttpResponse<String> r = postRaw(node, path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> postRaw(Node node, String path, String body) throws Exception {
        return send(node, HttpRequest.newBuilder(URI.create(node.base() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String text(Node node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.base() + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<String> send(Node node, HttpRequest.Builder request) throws Exception {
        if (Files.exists(dir.resolve(node.name() + "-data/identity/api-token"))) {
            request.header("Authorization", "Bearer " + token(node));
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
