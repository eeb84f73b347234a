package io.quarry.randomx;

import static io.quarry.randomx.RandomxClusterPluginTest.await;
import static io.quarry.randomx.RandomxClusterPluginTest.stats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.cli.RandomxCommand;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.RemoteMining;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.pool.FakePool;
import io.quarry.testing.HeadlessChromium;
import io.quarry.testkit.ContextProbe;
import io.quarry.testkit.TestNode;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and a low-RAM worker ({@code ram_mb = 512}) on loopback, both real nodes with this plugin (light mode, one thread), mining for a pool
 * written for the test: only the master logs in to the pool; the worker joins the master through its discovery
 * endpoint ({@code connect}), mines the ranges it is assigned, and its results reach the pool through the master.
 */
class ClusterMiningTest {

    /** Low enough that one light-mode thread finds shares within seconds. */
    private static final long SHARE_DIFFICULTY = 40;

    @TempDir
    Path dir;

    @Test
    void aWorkerMinesTheMastersRangesAndOnlyTheMasterTalksToThePool() throws Exception {
        Path secret = dir.resolve("cluster.secret");
        Files.writeString(secret, ClusterSecret.generate().toHex() + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int masterUdp = freeUdpPort();
        int workerUdp = freeUdpPort();
        ContextProbe probe = new ContextProbe();
        try (TestNode poolHost = TestNode.builder(dir.resolve("pool")).plugin("probe", () -> probe).start();
             FakePool pool = new FakePool(probe.context().jsonRpc(), "fake-pool", "job-1")) {
            try (TestNode master = node("master", secret, masterUdp)
                    .set("randomx-cluster.role", "\"master\"")
                    .set("randomx-cluster.wallet_address", "\"rig\"")
                    .set("randomx-cluster.pools", "[{ url = \"127.0.0.1:" + pool.port() + "\", user = \"rig\" }]")
                    .start();
                 TestNode worker = node("worker", secret, workerUdp)
                         .set("randomx-cluster.role", "\"worker\"")
                         .set("randomx-cluster.connect", "\"127.0.0.1:" + masterUdp + "\"")
                         .set("randomx-cluster.ram_mb", "512")
                         .start()) {
                await(() -> stats(master).path("cluster").path("members").size() == 2
                        && stats(worker).path("upstream").path("description").asText().startsWith("cluster master "),
                        Duration.ofSeconds(60));
                pool.push(JobFixtures.poolJob("job-2", JobFixtures.BLOB, MoneroDifficulty.targetHex(SHARE_DIFFICULTY)));
                String masterId = master.nodeId();
                // The worker's results come back to it accepted by the master, and reach the pool with the nonce's
                // top byte of the cluster's slice (255); the master's own threads mine slice 0.
                List<JsonRpcValue> seen = new ArrayList<>();
                try {
                    await(() -> {
                        pool.submits.drainTo(seen);
                        return stats(worker).path("sharesAccepted").asLong() > 0
                                && seen.stream().anyMatch(s -> topNonceByte(s) == 255);
                    }, Duration.ofSeconds(180));
                } catch (AssertionError e) {
                    throw new AssertionError("pool saw " + seen.size() + " results, top nonce bytes "
                            + seen.stream().map(ClusterMiningTest::topNonceByte).toList() + "; master " + stats(master)
                            + "\nworker " + stats(worker), e);
                }
                assertThat(pool.logins).as("only the master logs in to the pool").hasSize(1);
                // With ram_mb = 512 the worker cannot hold the dataset: it measures light mode against hashing
                // through the dataset host (the master) and says which it uses.
                await(() -> stats(worker).path("cluster").has("hashing"), Duration.ofSeconds(120));
                JsonNode hashing = stats(worker).get("cluster").get("hashing");
                assertThat(hashing.get("host").asText()).isEqualTo(masterId);
                assertThat(hashing.get("remote").asBoolean())
                        .isEqualTo(hashing.get("remoteRate").asDouble() > hashing.get("localRate").asDouble());
                if (hashing.get("remote").asBoolean()) {
                    await(() -> stats(worker).path("cluster").path("remoteHashes").asLong() > RemoteMining.BATCH
                            && stats(master).path("cluster").path("members").get(1).path("remoteHashing").asBoolean(),
                            Duration.ofSeconds(60));
                }
                JsonNode cluster = stats(worker).get("cluster");
                assertThat(cluster.get("role").asText()).isEqualTo("worker");
                assertThat(cluster.get("masterId").asText()).isEqualTo(masterId);
                JsonNode onMaster = stats(master).get("cluster");
                assertThat(onMaster.get("role").asText()).isEqualTo("master");
                JsonNode member = onMaster.get("members").get(1);
                assertThat(member.get("nodeId").asText()).isEqualTo(worker.nodeId());
                assertThat(member.get("role").asText()).isEqualTo("worker");
                assertThat(member.has("range")).as(onMaster.toString()).isTrue();
                assertThat(onMaster.get("badResults").asLong()).isZero();
                StringWriter printed = new StringWriter();
                CommandLine status = new CommandLine(new RandomxCommand());
                status.setOut(new PrintWriter(printed, true));
                assertThat(status.execute("cluster", "status", "--http", "127.0.0.1:" + master.baseUri().getPort()))
                        .isZero();
                assertThat(printed.toString()).contains("role master, master " + masterId)
                        .contains(worker.nodeId() + "  worker");
                if (HeadlessChromium.find().isPresent()) {
                    // The panel's cluster rows, as a browser renders them from the same stats.
                    String dom = HeadlessChromium.dumpDom(master.baseUri().resolve("/plugins/randomx-cluster/"),
                            Duration.ofSeconds(5));
                    assertThat(dom).contains("id=\"cluster-role\" class=\"figure\">master<")
                            .contains("<td>" + worker.nodeId().substring(0, 12) + "</td><td>worker</td>");
                }
                assertThat(master.get("/metrics").body()).contains("quarry_randomx_cluster_members")
                        .contains("quarry_randomx_cluster_elections_total").contains("quarry_randomx_bad_results_total");
            }
        }
    }

    private TestNode.Builder node(String name, Path secret, int udp) {
        return TestNode.builder(dir.resolve(name)).plugin("randomx-cluster", RandomxClusterPlugin::new)
                .set("randomx-cluster.mode", "\"light\"")
                .set("randomx-cluster.threads", "1")
                .set("randomx-cluster.huge_pages", "\"off\"")
                .set("randomx-cluster.cluster_secret_file", "\"" + secret + "\"")
                .set("randomx-cluster.discovery_port", Integer.toString(udp));
    }

    private static int topNonceByte(JsonRpcValue submit) {
        return HexFormat.of().parseHex(submit.get("nonce").asString())[3] & 0xFF;
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
