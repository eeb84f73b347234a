package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomx-cluster with the real quarry.jar: three processes in auto mode on loopback (discovery_peers), one
 * with ram_mb = 512, solo mining on a regtest monerod at difficulty 40. They elect the smallest node id and blocks
 * are accepted; after kill -9 of the master the other two elect a new master, which takes over monerod, and
 * blocks keep coming; monerod's chain never holds the same block twice. {@link RandomxClusterNetnsIT} runs the same
 * scenario with discovery by broadcast in network namespaces.
 */
@Tag("process")
class RandomxClusterIT {

    @TempDir
    Path dir;

    private RandomxClusterHarness harness;

    @BeforeEach
    void harness() {
        harness = new RandomxClusterHarness(dir);
    }

    @Test
    void threeProcessesMineAsOneClusterAndSurviveKillNineOfTheMaster() throws Exception {
        assumeTrue(RandomxClusterHarness.monerodAvailable(),
                "monerod is not installed (scripts/install-test-deps.sh installs it)");
        Path secret = harness.secret();
        int rpcPort = QuarryProcess.freePort();
        Process monerod = harness.monerod("127.0.0.1", rpcPort);
        String daemon = "http://127.0.0.1:" + rpcPort;
        List<RandomxClusterHarness.Node> nodes = new ArrayList<>();
        try {
            int[] udp = {QuarryProcess.freePort(), QuarryProcess.freePort(), QuarryProcess.freePort()};
            int lowRam = harness.initAndPickLowRam(3);
            for (int i = 0; i < 3; i++) {
                int httpPort = QuarryProcess.freePort();
                Path config = harness.config(i, "127.0.0.1", httpPort, secret, daemon, udp[i],
                        List.of("127.0.0.1:" + udp[(i + 1) % 3], "127.0.0.1:" + udp[(i + 2) % 3]), i == lowRam);
                nodes.add(new RandomxClusterHarness.Node(
                        QuarryProcess.start(dir, Map.of(), "run", "--config", config.toString()),
                        "http://127.0.0.1:" + httpPort, harness.tokenFile(i)));
            }
            harness.mineAndFailOver(nodes, lowRam, daemon, Duration.ofSeconds(60));
        } finally {
            for (RandomxClusterHarness.Node node : nodes) {
                node.process().close();
            }
            RandomxClusterHarness.stop(monerod);
        }
    }

    @Test
    void theClusterVerbRunsANodeInTheGivenRole() throws Exception {
        Path secret = harness.secret();
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
        try (QuarryProcess process = QuarryProcess.start(dir, Map.of(), "randomx", "cluster", "-m", "master", "-t", "1",
                "--config", config.toString())) {
            RandomxClusterHarness.Node node = new RandomxClusterHarness.Node(process, base,
                    dir.resolve("verb-data/identity/api-token"));
            assertThat(process.awaitOk(URI.create(base + "/health"), Duration.ofSeconds(90)))
                    .as("node health; stderr:%n%s", process.stderr()).isNotNull();
            RandomxClusterHarness.await(() -> harness.cluster(node).path("role").asText().equals("master"),
                    Duration.ofSeconds(30));
            assertThat(process.terminate(Duration.ofSeconds(30))).as("the verb stops on SIGTERM").isNotEqualTo(-1);
            assertThat(harness.cluster(node).isMissingNode()).as("and the node it started is gone with it").isTrue();
        }
    }
}
