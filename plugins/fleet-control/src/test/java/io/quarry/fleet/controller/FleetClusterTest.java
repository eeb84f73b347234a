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
import io.quarry.fleet.bundle.ChunkedAead;
import io.quarry.fleet.bundle.DeployHeader;
import io.quarry.fleet.protocol.CommandSigning;
import io.quarry.fleet.protocol.ErrorReply;
import io.quarry.fleet.protocol.FleetCommand;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.fleet.protocol.FleetReply;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;
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
    /** The worker's max_bundle_bytes: well above one transport message (1 MiB), well below the default. */
    private static final long WORKER_MAX_BUNDLE = 12L << 20;
    /** The controller's max_bundle_bytes: below the worker's, so the controller's own limit is what a REST deploy meets. */
    private static final long CONTROLLER_MAX_BUNDLE = 8L << 20;

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
                b.plugin("test-miner", TestMinerPlugin::new).set("fleet-control.role", "\"worker\"")
                        .set("fleet-control.max_bundle_bytes", String.valueOf(WORKER_MAX_BUNDLE));
            } else {
                b.set("fleet-control.role", "\"controller\"")
                        .set("fleet-control.max_bundle_bytes", String.valueOf(CONTROLLER_MAX_BUNDLE));
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
    void aReplayedCommandIsRefusedAndAudited() throws Exception {
        NodeContext ctx = controllerProbe.context();
        String workerId = worker.peerAddress().nodeId();
        FleetCommand ping = CommandSigning.sign(ctx.identity(), UUID.randomUUID().toString(), "ping", workerId,
                System.currentTimeMillis(), "{}".getBytes());
        assertThat(send(ctx, ping).type()).isEqualTo("pong");
        FleetReply replayed = send(ctx, ping);
        assertThat(replayed.type()).isEqualTo("error");
        assertThat(FleetJson.read(replayed.payload(), ErrorReply.class).code().wire()).isEqualTo("replayed");

        String metrics = worker.get("/metrics").body();
        assertThat(metrics).containsPattern("quarry_fleet_control_commands_refused_total\\{code=\"replayed\".*\\} [1-9]");
    }

    @Test
    void aBundleOfSeveralMegabytesStreamsThroughTheRestApiToTheWorker() throws Exception {
        byte[] big = new byte[5 << 20];
        new Random(42).nextBytes(big);
        byte[] tar = BundleArchive.write(List.of(new BundleEntry("bin/big-miner", big, true),
                new BundleEntry("etc/miner.conf", "threads = 2\n".getBytes(StandardCharsets.UTF_8), false)));

        HttpResponse<String> response = controller.send(HttpRequest.newBuilder(controller.baseUri()
                        .resolve(API + "remote/rig1/deploy?type=miner"))
                .header("Authorization", "Bearer " + controller.apiToken())
                .header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tar)).build());

        JsonNode ack = json(response, 200);
        assertThat(ack.get("type").asText()).isEqualTo("miner");
        assertThat(ack.get("files").asInt()).isEqualTo(2);
        assertThat(ack.get("checksum").asText()).isEqualTo(BundleCrypto.sha256Hex(tar));
        Path installed = fleetData(worker).resolve("deployed/miner");
        assertThat(Files.readAllBytes(installed.resolve("bin/big-miner"))).isEqualTo(big);
        assertThat(Files.isExecutable(installed.resolve("bin/big-miner"))).isTrue();
        // The spools on both sides are gone once the deploy is answered.
        assertThat(listing(fleetData(controller).resolve("bundle-spool"))).isEmpty();
        assertThat(listing(fleetData(worker).resolve("bundle-spool"))).isEmpty();
    }

    @Test
    void aTarOverTheControllersLimitIsRefusedWith413AndLeavesNoSpool() throws Exception {
        byte[] tar = BundleArchive.write(List.of(new BundleEntry("bin/huge", new byte[(int) CONTROLLER_MAX_BUNDLE + 1],
                false)));

        HttpResponse<String> response = controller.send(HttpRequest.newBuilder(controller.baseUri()
                        .resolve(API + "remote/rig1/deploy?type=miner"))
                .header("Authorization", "Bearer " + controller.apiToken())
                .header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofByteArray(tar)).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(listing(fleetData(controller).resolve("bundle-spool"))).isEmpty();
        assertThat(fleetData(worker).resolve("deployed/miner/bin/huge")).doesNotExist();
    }

    @Test
    void aJsonDeployWithoutAFilesPathOrContentIsA400NamingTheField() {
        HttpResponse<String> noContent = controller.post(API + "remote/rig1/deploy",
                "{\"type\": \"miner\", \"files\": [{\"path\": \"bin/run\"}]}");
        assertThat(noContent.statusCode()).as(noContent.body()).isEqualTo(400);
        assertThat(noContent.body()).contains("files[0].content");

        HttpResponse<String> noPath = controller.post(API + "remote/rig1/deploy",
                "{\"type\": \"miner\", \"files\": [{\"path\": \"bin/a\", \"content\": \"YQ==\"}, {\"content\": \"YQ==\"}]}");
        assertThat(noPath.statusCode()).as(noPath.body()).isEqualTo(400);
        assertThat(noPath.body()).contains("files[1].path");

        HttpResponse<String> nullFile = controller.post(API + "remote/rig1/deploy", "{\"files\": [null]}");
        assertThat(nullFile.statusCode()).as(nullFile.body()).isEqualTo(400);
        assertThat(nullFile.body()).contains("files[0] is null");

        HttpResponse<String> nullProfile = controller.post(API + "remote/rig1/deploy", "{\"profiles\": [null]}");
        assertThat(nullProfile.statusCode()).as(nullProfile.body()).isEqualTo(400);
        assertThat(nullProfile.body()).contains("profiles[0]");
    }

    @Test
    void truncatedTamperedAndOverLimitStreamsAreRefusedCountedAndLeaveThePreviousBundle() throws Exception {
        NodeContext ctx = controllerProbe.context();
        String workerId = worker.peerAddress().nodeId();
        byte[] good = BundleArchive.write(List.of(new BundleEntry("bin/run", "v1".getBytes(StandardCharsets.UTF_8), true)));
        assertThat(upload(ctx, BundleCrypto.header(ctx.identity(), workerId, BundleType.FULL, good.length,
                BundleCrypto.sha256Hex(good)), good, body -> body).type()).isEqualTo("deploy_ack");

        byte[] plain = new byte[3 * ChunkedAead.CHUNK_BYTES + 10];
        new Random(1).nextBytes(plain);
        byte[] tar = BundleArchive.write(List.of(new BundleEntry("bin/run", plain, true)));
        DeployHeader header = BundleCrypto.header(ctx.identity(), workerId, BundleType.FULL, tar.length, BundleCrypto.sha256Hex(tar));
        FleetReply truncated = upload(ctx, header, tar, body -> Arrays.copyOf(body, body.length - 100));
        assertThat(errorOf(truncated)).contains("bad_bundle", "truncated");
        FleetReply tampered = upload(ctx, header, tar, body -> {
            body[body.length / 2] ^= 1;
            return body;
        });
        assertThat(errorOf(tampered)).contains("bad_bundle", "failed authentication");

        // Over the worker's limit: refused on the header alone, the body (never made whole here) left unread.
        long tooLarge = WORKER_MAX_BUNDLE + 1;
        DeployHeader huge = BundleCrypto.header(ctx.identity(), workerId, BundleType.FULL, tooLarge, BundleCrypto.sha256Hex(tar));
        FleetCommand command = CommandSigning.sign(ctx.identity(), UUID.randomUUID().toString(), "deploy", workerId,
                System.currentTimeMillis(), FleetJson.write(huge));
        FleetReply refused = ctx.transport().upload(worker.peerAddress(), FleetProtocol.DEPLOY, command,
                new ZeroStream(ChunkedAead.sealedSize(tooLarge))).get(30, TimeUnit.SECONDS);
        assertThat(errorOf(refused)).contains("bundle_too_large", "max_bundle_bytes");
        // The deploy command passed the gate, so the same command again is a replay.
        FleetReply replayed = ctx.transport().upload(worker.peerAddress(), FleetProtocol.DEPLOY, command,
                new ByteArrayInputStream(new byte[0])).get(30, TimeUnit.SECONDS);
        assertThat(errorOf(replayed)).contains("replayed");

        assertThat(Files.readString(fleetData(worker).resolve("deployed/full/bin/run"))).isEqualTo("v1");
        assertThat(listing(fleetData(worker).resolve("bundle-spool"))).isEmpty();
        String metrics = worker.get("/metrics").body();
        assertThat(metrics).containsPattern("quarry_fleet_control_commands_refused_total\\{code=\"bad_bundle\".*\\} [2-9]");
        assertThat(metrics).containsPattern("quarry_fleet_control_commands_refused_total\\{code=\"bundle_too_large\".*\\} [1-9]");
    }

    private FleetReply upload(NodeContext ctx, DeployHeader header, byte[] tar, UnaryOperator<byte[]> damage) throws Exception {
        String workerId = worker.peerAddress().nodeId();
        byte[] body;
        try (InputStream sealed = BundleCrypto.seal(ctx.identity(), workerId, header, new ByteArrayInputStream(tar))) {
            body = damage.apply(sealed.readAllBytes());
        }
        FleetCommand command = CommandSigning.sign(ctx.identity(), UUID.randomUUID().toString(), "deploy", workerId,
                System.currentTimeMillis(), FleetJson.write(header));
        return ctx.transport().upload(worker.peerAddress(), FleetProtocol.DEPLOY, command, new ByteArrayInputStream(body))
                .get(30, TimeUnit.SECONDS);
    }

    private static String errorOf(FleetReply reply) {
        assertThat(reply.type()).isEqualTo("error");
        ErrorReply error = FleetJson.read(reply.payload(), ErrorReply.class);
        return error.code().wire() + ": " + error.message();
    }

    private static Path fleetData(TestNode node) {
        return node.dataDir().resolve("plugins-data/fleet-control");
    }

    private static List<Path> listing(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** {@code length} zero bytes, made as they are read. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long length) {
            left = length;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
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
