package io.quarry.fleet.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.fleet.FleetControlPlugin;
import io.quarry.api.NodeContext;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.IdentityProbe;
import io.quarry.fleet.bundle.BundleArchive;
import io.quarry.fleet.bundle.BundleCrypto;
import io.quarry.fleet.bundle.BundleEntry;
import io.quarry.fleet.bundle.BundleType;
import io.quarry.fleet.bundle.DeployPayload;
import io.quarry.fleet.protocol.CommandSigning;
import io.quarry.fleet.protocol.ErrorReply;
import io.quarry.fleet.protocol.FleetCommand;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.fleet.protocol.FleetReply;
import java.util.List;
import java.util.UUID;
import io.quarry.fleet.TestMinerPlugin;
import io.quarry.testkit.TestCluster;
import io.quarry.testkit.TestNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes in one JVM over the real transport and HTTP: a controller, a worker running a test miner, and a
 * stranger that also calls itself a controller. Everything goes through the REST API as an operator would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FleetClusterTest {

    private static final String API = "/api/v1/fleet-control/";

    private TestCluster cluster;
    private TestNode controller;
    private TestNode worker;
    private TestNode stranger;
    private final IdentityProbe controllerProbe = new IdentityProbe();

    @BeforeAll
    void start(@TempDir Path dir) {
        cluster = TestCluster.start(3, dir, (i, b) -> {
            b.plugin("fleet-control", FleetControlPlugin::new);
            if (i == 0) {
                b.plugin("probe", () -> controllerProbe);
            }
            if (i == 1) {
                b.plugin("test-miner", TestMinerPlugin::new).set("fleet-control.role", "\"worker\"");
            } else {
                b.set("fleet-control.role", "\"controller\"");
            }
            return b.set("fleet-control.name", "\"node" + i + "\"");
        });
        controller = cluster.node(0);
        worker = cluster.node(1);
        stranger = cluster.node(2);
        // The worker learns the controller's id by handshake and accepts its commands from now on.
        JsonNode boss = json(worker.post(API + "peers", "{\"address\": \"" + transport(controller)
                + "\", \"name\": \"boss\", \"role\": \"controller\"}"), 201);
        assertThat(boss.get("id").asText()).isEqualTo(controller.peerAddress().nodeId());
        JsonNode rig = json(controller.post(API + "peers", "{\"address\": \"" + transport(worker) + "\", \"name\": \"rig1\"}"), 201);
        assertThat(rig.get("id").asText()).isEqualTo(worker.peerAddress().nodeId());
        assertThat(rig.get("status").asText()).isEqualTo("online");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void nodeInfoShowsNameRoleAndAcceptedControllers() {
        JsonNode info = json(worker.get(API + "node/info"), 200);
        assertThat(info.get("name").asText()).isEqualTo("node1");
        assertThat(info.get("role").asText()).isEqualTo("worker");
        assertThat(info.get("controllers").get(0).asText()).isEqualTo(controller.peerAddress().nodeId());
        assertThat(info.toString()).doesNotContain("private", "key");
    }

    @Test
    void remoteStartWithAProfileThenStatsLogsAndStop() {
        assertThat(controller.send(put(controller, API + "profiles/fast", "{\"settings\": {\"threads\": 3}}")).statusCode())
                .isEqualTo(204);

        JsonNode started = json(controller.post(API + "remote/rig1/start",
                "{\"miner\": \"test-miner/one\", \"profile\": \"fast\"}"), 200);
        assertThat(started.get("state").asText()).isEqualTo("running");
        assertThat(started.get("profile").asText()).isEqualTo("fast");

        JsonNode stats = json(authorizedGet(controller, API + "remote/stats"), 200);
        JsonNode rig = stats.get("peers").get(0);
        assertThat(rig.get("name").asText()).isEqualTo("rig1");
        JsonNode miner = rig.get("miners").get(0);
        assertThat(miner.get("id").asText()).isEqualTo("test-miner/one");
        assertThat(miner.get("kind").asText()).isEqualTo("test");
        assertThat(miner.get("hashrate").get("10s").asDouble()).isEqualTo(300.0);
        assertThat(miner.get("hashrate").has("60s")).isTrue();
        assertThat(miner.get("hashrate").has("15m")).isTrue();
        assertThat(stats.get("totalHashrate").get("test").asDouble()).isEqualTo(300.0);

        JsonNode logs = json(authorizedGet(controller, API + "remote/rig1/logs/test-miner%2Fone?lines=5"), 200);
        assertThat(logs.get("lines").toString()).contains("started with 3 threads");

        JsonNode stopped = json(controller.post(API + "remote/" + worker.peerAddress().nodeId() + "/stop",
                "{\"miner\": \"test-miner/one\"}"), 200);
        assertThat(stopped.get("state").asText()).isEqualTo("stopped");
    }

    @Test
    void aBadProfileIsRefusedNamingTheKeyAndAnUnknownMinerIsNamed() {
        controller.send(put(controller, API + "profiles/bad", "{\"settings\": {\"threads\": 500}}"));
        HttpResponse<String> bad = controller.post(API + "remote/rig1/start", "{\"miner\": \"test-miner/one\", \"profile\": \"bad\"}");
        assertThat(bad.statusCode()).isEqualTo(409);
        assertThat(bad.body()).contains("bad_profile", "test-miner.threads");

        HttpResponse<String> unknown = controller.post(API + "remote/rig1/start", "{\"miner\": \"nope/none\"}");
        assertThat(unknown.statusCode()).isEqualTo(409);
        assertThat(unknown.body()).contains("unknown_miner", "test-miner/one");
    }

    @Test
    void anUnregisteredControllerIsRefusedAndAudited() {
        json(stranger.post(API + "peers", "{\"address\": \"" + transport(worker) + "\", \"name\": \"victim\"}"), 201);

        HttpResponse<String> refused = stranger.post(API + "remote/victim/start", "{\"miner\": \"test-miner/one\"}");

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("not_a_controller");
        assertThat(worker.get("/metrics").body())
                .containsPattern("quarry_fleet_control_commands_refused_total\\{code=\"not_a_controller\".*\\} [1-9]");
    }

    @Test
    void mutatingRoutesRemoteReadsAndProfilesNeedTheToken() {
        HttpResponse<String> anonymous = controller.send(HttpRequest.newBuilder(controller.baseUri().resolve(API + "peers"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> anonymousStart = controller.send(HttpRequest.newBuilder(controller.baseUri()
                .resolve(API + "remote/rig1/start")).POST(HttpRequest.BodyPublishers.ofString("{\"miner\": \"test-miner/one\"}")).build());
        assertThat(anonymousStart.statusCode()).isEqualTo(401);
        // Each remote read signs commands to workers and returns their figures and logs: token only.
        for (String path : List.of("remote/stats", "remote/rig1/stats", "remote/rig1/logs/test-miner%2Fone?lines=5",
                "profiles")) {
            assertThat(controller.get(API + path).statusCode()).as(path).isEqualTo(401);
            assertThat(authorizedGet(controller, API + path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(controller.get(API + "node/info").statusCode()).isEqualTo(200);
        assertThat(controller.get(API + "peers").statusCode()).isEqualTo(200);
    }

    @Test
    void peersListShowsStatusPingAndScoreAndSelectionChoosesThem() {
        JsonNode peers = json(controller.get(API + "peers"), 200);
        JsonNode rig = peers.get(0);
        assertThat(rig.get("status").asText()).isEqualTo("online");
        assertThat(rig.get("pingMs").asDouble()).isPositive();
        assertThat(rig.get("lastSeen").asLong()).isPositive();
        assertThat(json(controller.get(API + "peers/select?k=1"), 200).get(0).get("name").asText()).isEqualTo("rig1");
    }

    @Test
    void aDeployedProfileBundleIsInstalledAndStartsTheMiner() {
        controller.send(put(controller, API + "profiles/deployed", "{\"settings\": {\"threads\": 5}}"));
        JsonNode ack = json(controller.post(API + "remote/rig1/deploy",
                "{\"type\": \"profile\", \"profiles\": [\"deployed\"]}"), 200);
        assertThat(ack.get("type").asText()).isEqualTo("profile");
        assertThat(ack.get("files").asInt()).isEqualTo(1);
        // Gone from the controller: the start goes by name and the worker uses the profile it was deployed.
        controller.send(HttpRequest.newBuilder(controller.baseUri().resolve(API + "profiles/deployed"))
                .header("Authorization", "Bearer " + controller.apiToken()).DELETE().build());

        JsonNode started = json(controller.post(API + "remote/rig1/start",
                "{\"miner\": \"test-miner/one\", \"profile\": \"deployed\"}"), 200);

        assertThat(started.get("hashrate").get("10s").asDouble()).isEqualTo(500.0);
        HttpResponse<String> unknown = controller.post(API + "remote/rig1/start",
                "{\"miner\": \"test-miner/one\", \"profile\": \"never-sent\"}");
        assertThat(unknown.body()).contains("bad_profile", "never-sent");
        controller.post(API + "remote/rig1/stop", "{\"miner\": \"test-miner/one\"}");
    }

    @Test
    void aReplayedCommandAndATamperedBundleAreRefusedAndAudited() throws Exception {
        NodeContext ctx = controllerProbe.context();
        String workerId = worker.peerAddress().nodeId();
        FleetCommand ping = CommandSigning.sign(ctx.identity(), UUID.randomUUID().toString(), "ping", workerId,
                System.currentTimeMillis(), "{}".getBytes());
        assertThat(send(ctx, ping).type()).isEqualTo("pong");
        FleetReply replayed = send(ctx, ping);
        assertThat(replayed.type()).isEqualTo("error");
        assertThat(FleetJson.read(replayed.payload(), ErrorReply.class).code().wire()).isEqualTo("replayed");

        DeployPayload sealed = BundleCrypto.seal(ctx.identity(), workerId, BundleType.MINER,
                BundleArchive.write(List.of(new BundleEntry("bin/miner", new byte[] {1, 2, 3}, true))));
        byte[] flipped = sealed.ciphertext().clone();
        flipped[0] ^= 1;
        DeployPayload tampered = new DeployPayload(sealed.type(), sealed.checksum(), sealed.nonce(), flipped, sealed.signature());
        FleetCommand deploy = CommandSigning.sign(ctx.identity(), UUID.randomUUID().toString(), "deploy", workerId,
                System.currentTimeMillis(), FleetJson.write(tampered));
        FleetReply refused = send(ctx, deploy);
        assertThat(FleetJson.read(refused.payload(), ErrorReply.class).code().wire()).isEqualTo("bad_bundle");

        String metrics = worker.get("/metrics").body();
        assertThat(metrics).containsPattern("quarry_fleet_control_commands_refused_total\\{code=\"replayed\".*\\} [1-9]");
        assertThat(metrics).containsPattern("quarry_fleet_control_commands_refused_total\\{code=\"bad_bundle\".*\\} [1-9]");
    }

    private FleetReply send(NodeContext ctx, FleetCommand command) throws Exception {
        return ctx.transport().request(worker.peerAddress(), FleetProtocol.COMMAND, command).get(10, TimeUnit.SECONDS);
    }

    private static String transport(TestNode node) {
        return "127.0.0.1:" + node.peerAddress().port();
    }

    private static HttpRequest put(TestNode node, String path, String body) {
        return HttpRequest.newBuilder(node.baseUri().resolve(path))
                .header("Authorization", "Bearer " + node.apiToken())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> authorizedGet(TestNode node, String path) {
        return node.send(HttpRequest.newBuilder(node.baseUri().resolve(URI.create(path)))
                .header("Authorization", "Bearer " + node.apiToken()).GET().build());
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        try {
            return FleetJson.mapper().readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
