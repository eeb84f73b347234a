package io.quarry.randomx;

import static io.quarry.randomx.ClusterMiningTest.freeUdpPort;
import static io.quarry.randomx.RandomxClusterPluginTest.await;
import static io.quarry.randomx.RandomxClusterPluginTest.stats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.RemoteMining;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.pool.FakePool;
import io.quarry.testkit.ContextProbe;
import io.quarry.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote hashing end to end. Both nodes run light mode here (fast mode needs a 2 GiB dataset), so a low-RAM member
 * would measure its own light mode as faster than asking the host; its {@code HashingPolicy} is injected to prefer
 * the dataset host whatever the rates. Its results are then hashed by the master (HASH_REQUEST), found by the worker,
 * re-checked by the master and accepted by a pool written for the test.
 */
class RemoteHashingTest {

    /** Low enough that a few HASH_REQUEST batches hold a share. */
    private static final long SHARE_DIFFICULTY = 20;
    private static final Pattern REMOTE_HASHES = Pattern.compile("(?m)^quarry_randomx_remote_hashes_total(?:\\{[^}]*})? (\\S+)$");

    @TempDir
    Path dir;

    @Test
    void aLowRamMemberThatHashesThroughTheDatasetHostHasItsResultsAcceptedUpstream() throws Exception {
        Path secret = dir.resolve("cluster.secret");
        Files.writeString(secret, ClusterSecret.generate().toHex() + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int masterUdp = freeUdpPort();
        ContextProbe probe = new ContextProbe();
        try (TestNode poolHost = TestNode.builder(dir.resolve("pool")).plugin("probe", () -> probe).start();
             FakePool pool = new FakePool(probe.context().jsonRpc(), "fake-pool", "job-1")) {
            try (TestNode master = node("master", secret, masterUdp, new RandomxClusterPlugin())
                    .set("randomx-cluster.role", "\"master\"")
                    .set("randomx-cluster.wallet_address", "\"rig\"")
                    .set("randomx-cluster.pools", "[{ url = \"127.0.0.1:" + pool.port() + "\", user = \"rig\" }]")
                    .start();
                 TestNode worker = node("worker", secret, freeUdpPort(),
                         new RandomxClusterPlugin((localRate, remoteRate) -> true))
                         .set("randomx-cluster.role", "\"worker\"")
                         .set("randomx-cluster.connect", "\"127.0.0.1:" + masterUdp + "\"")
                         .set("randomx-cluster.ram_mb", "512")
                         .start()) {
                await(() -> stats(master).path("cluster").path("members").size() == 2
                        && stats(worker).path("upstream").path("description").asText().startsWith("cluster master "),
                        Duration.ofSeconds(60));
                pool.push(JobFixtures.poolJob("job-2", JobFixtures.BLOB, MoneroDifficulty.targetHex(SHARE_DIFFICULTY)));
                // After its warm-up the worker measures both ways and, as its policy says, hashes through the master.
                await(() -> stats(worker).path("cluster").path("hashing").path("remote").asBoolean()
                        && stats(worker).path("cluster").path("remoteHashes").asLong() > RemoteMining.BATCH,
                        Duration.ofSeconds(180));
                JsonNode hashing = stats(worker).get("cluster").get("hashing");
                assertThat(hashing.get("host").asText()).isEqualTo(master.nodeId());
                assertThat(hashing.get("remoteRate").asDouble()).isPositive();
                // From here the worker's own threads have no job: every result it sends was hashed by the master.
                long acceptedBefore = stats(worker).path("sharesAccepted").asLong();
                long remoteBefore = remoteHashesMetric(worker);
                long servedBefore = stats(master).path("cluster").path("hashesServed").asLong();
                assertThat(remoteBefore).isGreaterThan(RemoteMining.BATCH);
                pool.submits.clear();
                List<JsonRpcValue> seen = new ArrayList<>();
                try {
                    await(() -> {
                        pool.submits.drainTo(seen);
                        return stats(worker).path("sharesAccepted").asLong() >= acceptedBefore + 2
                                && seen.stream().anyMatch(s -> topNonceByte(s) == 255);
                    }, Duration.ofSeconds(180));
                } catch (AssertionError e) {
                    throw new AssertionError("pool saw " + seen.size() + " results; master " + stats(master)
                            + "\nworker " + stats(worker), e);
                }
                assertThat(remoteHashesMetric(worker)).isGreaterThan(remoteBefore);
                assertThat(stats(master).path("cluster").path("hashesServed").asLong()).isGreaterThan(servedBefore);
                JsonNode self = stats(worker).get("cluster").get("members").get(0);
                assertThat(self.get("nodeId").asText()).isEqualTo(worker.nodeId());
                assertThat(self.get("remoteHashing").asBoolean()).isTrue();
                await(() -> stats(master).path("cluster").path("members").get(1).path("remoteHashing").asBoolean(),
                        Duration.ofSeconds(30));
                assertThat(stats(master).get("cluster").get("badResults").asLong()).isZero();
                assertThat(pool.logins).as("only the master logs in to the pool").hasSize(1);
            }
        }
    }

    private TestNode.Builder node(String name, Path secret, int udp, RandomxClusterPlugin plugin) {
        return TestNode.builder(dir.resolve(name)).plugin("randomx-cluster", () -> plugin)
                .set("randomx-cluster.mode", "\"light\"")
                .set("randomx-cluster.threads", "1")
                .set("randomx-cluster.huge_pages", "\"off\"")
                .set("randomx-cluster.cluster_secret_file", "\"" + secret + "\"")
                .set("randomx-cluster.discovery_port", Integer.toString(udp));
    }

    private static long remoteHashesMetric(TestNode node) {
        Matcher m = REMOTE_HASHES.matcher(node.get("/metrics").body());
        assertThat(m.find()).as("quarry_randomx_remote_hashes_total in /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static int topNonceByte(JsonRpcValue submit) {
        return HexFormat.of().parseHex(submit.get("nonce").asString())[3] & 0xFF;
    }

}
