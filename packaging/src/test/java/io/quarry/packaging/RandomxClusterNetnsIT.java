package io.quarry.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomx-cluster scenario of {@link RandomxClusterIT} with the real quarry.jar, but each of the three nodes in
 * its own network namespace on a bridge and no {@code discovery_peers}: they find each other only by UDP
 * broadcast. One has ram_mb = 512. They solo mine into a regtest monerod (difficulty 40) that listens on the host's
 * address on the bridge. They elect the smallest node id, blocks are accepted, the low-RAM node hashes remotely or
 * in light mode as it measured; kill -9 of the master gives a new master within 10 s, blocks keep coming, and
 * monerod never sees the same block twice. Needs root and {@code ip netns}: skipped otherwise, except under CI,
 * where it fails.
 */
@Tag("process")
class RandomxClusterNetnsIT {

    /**
     * A private test range that exists only inside the namespaces (and on the host's veth while the test runs); the
     * bridge takes the first /24 in it that has no route on the host, so two builds running this test at once do
     * not share a subnet.
     */
    private static final String SUBNET_PREFIX = "10.231";
    /** The same UDP port in every namespace: a broadcast reaches the others only on the port they listen on. */
    private static final int DISCOVERY_PORT = 10_001;
    private static final int HTTP_PORT = 18_080;
    /** Failover: a dead master is noticed after the election's liveness window, then the next smallest id settles. */
    private static final Duration FAILOVER = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void threeNamespacesFindEachOtherByBroadcastMineAndSurviveKillNineOfTheMaster() throws Exception {
        Optional<String> unavailable = NetnsBridge.unavailable();
        if (unavailable.isPresent()) {
            // CI runs as root with iproute2 installed: a skip there would hide this test, so it fails instead.
            assertThat(System.getenv("CI")).as("CI must run this test, but: %s", unavailable.get()).isNull();
        }
        assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
        assumeTrue(RandomxClusterHarness.monerodAvailable(),
                "monerod is not installed (scripts/install-test-deps.sh installs it)");
        RandomxClusterHarness harness = new RandomxClusterHarness(dir);
        Path secret = harness.secret();
        List<RandomxClusterHarness.Node> nodes = new ArrayList<>();
        try (NetnsBridge net = NetnsBridge.create(SUBNET_PREFIX, 3)) {
            int rpcPort = QuarryProcess.freePort();
            Process monerod = harness.monerod(net.hostAddress(), rpcPort);
            String daemon = "http://" + net.hostAddress() + ":" + rpcPort;
            try {
                int lowRam = harness.initAndPickLowRam(3);
                for (int i = 0; i < 3; i++) {
                    Path config = harness.config(i, net.address(i), HTTP_PORT, secret, daemon, DISCOVERY_PORT,
                            List.of(), i == lowRam);
                    nodes.add(new RandomxClusterHarness.Node(
                            QuarryProcess.startInNetns(net.namespace(i), dir, "run", "--config", config.toString()),
                            "http://" + net.address(i) + ":" + HTTP_PORT, harness.tokenFile(i)));
                }
                Duration failover = harness.mineAndFailOver(nodes, lowRam, daemon, FAILOVER);
                System.out.println("new master agreed " + failover.toMillis() + " ms after kill -9");
            } finally {
                for (RandomxClusterHarness.Node node : nodes) {
                    node.process().kill(); // before the namespaces go, so nothing lingers in them
                }
                RandomxClusterHarness.stop(monerod);
            }
        }
    }
}
