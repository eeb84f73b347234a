package io.quarry.randomx;

import static io.quarry.randomx.ClusterMiningTest.freeUdpPort;
import static io.quarry.randomx.RandomxClusterPluginTest.await;
import static io.quarry.randomx.RandomxClusterPluginTest.stats;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.pool.FakePool;
import io.quarry.testkit.ContextProbe;
import io.quarry.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two auto nodes on loopback elect the smaller id; when that node goes away the other takes over the upstream
 * (it logs in to the pool and mines), and when it comes back (same identity) it is elected again and the other
 * returns to being its member.
 */
class ClusterFailoverTest {

    @TempDir
    Path dir;

    @Test
    void theSurvivorTakesOverTheUpstreamAndARestartedNodeRejoins() throws Exception {
        Path secret = dir.resolve("cluster.secret");
        Files.writeString(secret, ClusterSecret.generate().toHex());
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int[] udp = {freeUdpPort(), freeUdpPort()};
        ContextProbe probe = new ContextProbe();
        try (TestNode poolHost = TestNode.builder(dir.resolve("pool")).plugin("probe", () -> probe).start();
             FakePool pool = new FakePool(probe.context().jsonRpc(), "fake-pool", "job-1")) {
            TestNode a = node("a", secret, udp[0], udp[1], pool.port()).start();
            TestNode b = node("b", secret, udp[1], udp[0], pool.port()).start();
            try {
                boolean aLeads = a.nodeId().compareTo(b.nodeId()) < 0;
                TestNode leader = aLeads ? a : b;
                TestNode follower = aLeads ? b : a;
                String leaderName = aLeads ? "a" : "b";
                await(() -> role(leader).equals("master") && role(follower).equals("worker")
                        && stats(follower).path("upstream").path("description").asText().startsWith("cluster master ")
                        && !pool.logins.isEmpty(), Duration.ofSeconds(90));
                assertThat(pool.logins).as("only the elected master logs in").hasSize(1);
                assertThat(stats(follower).get("cluster").get("masterId").asText()).isEqualTo(leader.nodeId());

                leader.close();
                await(() -> role(follower).equals("master") && pool.logins.size() == 2, Duration.ofSeconds(90));
                assertThat(stats(follower).get("cluster").get("masterId").asText()).isEqualTo(follower.nodeId());
                pool.push(JobFixtures.poolJob("job-2", JobFixtures.BLOB, MoneroDifficulty.targetHex(40)));
                long before = pool.submits.size();
                await(() -> pool.submits.size() > before, Duration.ofSeconds(120));

                TestNode back = node(leaderName, secret, aLeads ? udp[0] : udp[1], aLeads ? udp[1] : udp[0], pool.port()).start();
                try {
                    await(() -> role(back).equals("master") && role(follower).equals("worker"), Duration.ofSeconds(90));
                    assertThat(back.nodeId()).as("same identity after the restart").isEqualTo(leader.nodeId());
                } finally {
                    back.close();
                }
            } finally {
                a.close();
                b.close();
            }
        }
    }

    private static String role(TestNode node) {
        return stats(node).path("cluster").path("role").asText();
    }

    private TestNode.Builder node(String name, Path secret, int udp, int peerUdp, int poolPort) {
        return TestNode.builder(dir.resolve(name)).plugin("randomx-cluster", RandomxClusterPlugin::new)
                .set("randomx-cluster.mode", "\"light\"")
                .set("randomx-cluster.threads", "1")
                .set("randomx-cluster.huge_pages", "\"off\"")
                .set("randomx-cluster.role", "\"auto\"")
                .set("randomx-cluster.cluster_secret_file", "\"" + secret + "\"")
                .set("randomx-cluster.discovery_port", Integer.toString(udp))
                .set("randomx-cluster.discovery_peers", "[\"127.0.0.1:" + peerUdp + "\"]")
                .set("randomx-cluster.wallet_address", "\"rig\"")
                .set("randomx-cluster.pools", "[{ url = \"127.0.0.1:" + poolPort + "\", user = \"rig\" }]");
    }

}
