package io.quarry.randomx;

import static io.quarry.randomx.ClusterMiningTest.freeUdpPort;
import static io.quarry.randomx.RandomxClusterPluginTest.await;
import static io.quarry.randomx.RandomxClusterPluginTest.stats;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.daemon.Monerod;
import io.quarry.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three auto nodes on loopback (one with {@code ram_mb = 512}) solo mining on a regtest monerod at difficulty
 * {@value #DIFFICULTY}: they elect the smallest id, the master alone talks to monerod, blocks found through a
 * member's range (the cluster's reserved-area slice) are accepted; when the master goes away another node takes
 * over monerod within the election's bound and blocks keep coming; no block height is submitted twice.
 */
@Tag("daemon")
class ClusterOnMonerodTest {

    static final long DIFFICULTY = 40;
    /** The worker index of the cluster's slice on monerod: the last index the solo source offers. */
    private static final int CLUSTER_SLICE = Integer.MAX_VALUE - 1;

    @TempDir
    Path dir;

    @Test
    void threeAutoNodesMineBlocksAndSurviveTheMasterLeaving() throws Exception {
        Path secret = dir.resolve("cluster.secret");
        Files.writeString(secret, ClusterSecret.generate().toHex() + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        int[] udp = {freeUdpPort(), freeUdpPort(), freeUdpPort()};
        try (Monerod monerod = Monerod.start(dir, DIFFICULTY)) {
            List<TestNode> nodes = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    TestNode.Builder b = SoloMiningOnMonerodTest.soloNode(dir.resolve("n" + i), monerod, 1)
                            .set("randomx-cluster.role", "\"auto\"")
                            .set("randomx-cluster.cluster_secret_file", "\"" + secret + "\"")
                            .set("randomx-cluster.discovery_port", Integer.toString(udp[i]))
                            .set("randomx-cluster.discovery_peers", "[\"127.0.0.1:" + udp[(i + 1) % 3]
                                    + "\", \"127.0.0.1:" + udp[(i + 2) % 3] + "\"]");
                    if (i == 2) {
                        b.set("randomx-cluster.ram_mb", "512");
                    }
                    nodes.add(b.start());
                }
                TestNode master = nodes.stream().min((x, y) -> x.nodeId().compareTo(y.nodeId())).orElseThrow();
                await(() -> nodes.stream().allMatch(n -> stats(n).path("cluster").path("masterId").asText()
                        .equals(master.nodeId())) && role(master).equals("master"), Duration.ofSeconds(90));
                for (TestNode n : nodes) {
                    if (n != master) {
                        await(() -> role(n).equals("worker")
                                && stats(n).path("upstream").path("description").asText().startsWith("cluster master "),
                                Duration.ofSeconds(60));
                    }
                }
                // A block whose nonce came from a member's range carries the cluster slice's worker index.
                await(() -> blocks(master).stream().anyMatch(b -> b.get("worker").asInt() == CLUSTER_SLICE),
                        Duration.ofSeconds(300));
                long heightBefore = monerod.client().getInfo().height();

                master.close();
                nodes.remove(master);
                TestNode next = nodes.stream().min((x, y) -> x.nodeId().compareTo(y.nodeId())).orElseThrow();
                await(() -> role(next).equals("master") && stats(next).path("upstream").path("kind").asText().equals("daemon")
                        && !blocks(next).isEmpty(), Duration.ofSeconds(300));
                assertThat(monerod.client().getInfo().height()).as("blocks keep coming after the master left")
                        .isGreaterThan(heightBefore);
                Set<Long> heights = new HashSet<>();
                for (TestNode n : nodes) {
                    for (JsonNode block : blocks(n)) {
                        assertThat(heights.add(block.get("height").asLong())).as("height %s submitted once", block).isTrue();
                    }
                }
                assertThat(stats(nodes.getLast()).get("cluster").get("members").size()).isEqualTo(2);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nmonerod:\n" + monerod.output(), e);
            } finally {
                nodes.forEach(TestNode::close);
            }
        }
    }

    private static String role(TestNode node) {
        return stats(node).path("cluster").path("role").asText();
    }

    private static List<JsonNode> blocks(TestNode node) {
        List<JsonNode> out = new ArrayList<>();
        stats(node).path("blocks").forEach(out::add);
        return out;
    }
}
