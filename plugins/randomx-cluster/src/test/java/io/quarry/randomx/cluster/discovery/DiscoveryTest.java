package io.quarry.randomx.cluster.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Beacons over real UDP on loopback (unicast to the listed peers; loopback has no broadcast). */
class DiscoveryTest {

    private static final NodeCapabilities CAPS = new NodeCapabilities(2, 1, 1024, false, false, 10);

    private record Node(String id, Election election, Discovery discovery) {
    }

    private static Node node(String id, ClusterSecret secret) {
        Election election = new Election(id, ClusterRole.AUTO, InstantSource.system());
        Discovery discovery = new Discovery(new BeaconCodec(secret), election,
                counter -> new Beacon(id, ClusterRole.AUTO, "127.0.0.1", 7070, CAPS, false, counter), List.of(),
                System.currentTimeMillis() * 1000);
        discovery.start(new InetSocketAddress("127.0.0.1", 0));
        return new Node(id, election, discovery);
    }

    /** Ticks every node until {@code done} holds (a state wait, bounded so a bug fails rather than hangs). */
    private static void tickUntil(List<Node> nodes, BooleanSupplier done) throws InterruptedException {
        for (int round = 0; round < 500 && !done.getAsBoolean(); round++) {
            nodes.forEach(n -> n.discovery.tick());
            Thread.sleep(20);
        }
        assertThat(done.getAsBoolean()).as("state reached").isTrue();
    }

    @Test
    void membersElectTheSmallestIdAndIgnoreANodeWithAnotherSecret() throws Exception {
        ClusterSecret secret = ClusterSecret.generate();
        List<Node> nodes = new ArrayList<>();
        try {
            nodes.add(node("3".repeat(64), secret));
            nodes.add(node("2".repeat(64), secret));
            nodes.add(node("4".repeat(64), secret));
            Node outsider = node("0".repeat(64), ClusterSecret.generate());
            nodes.add(outsider);
            for (Node from : nodes) {
                for (Node to : nodes) {
                    if (from != to) {
                        from.discovery.addPeer(to.discovery.localAddress());
                    }
                }
            }
            List<Node> members = nodes.subList(0, 3);
            tickUntil(nodes, () -> members.stream().allMatch(n -> n.election.master().filter("2".repeat(64)::equals).isPresent()
                    && n.election.live().size() == 2));
            assertThat(members.getFirst().discovery.refused(BeaconException.Reason.FORGED))
                    .as("the outsider's beacons are refused and counted").isPositive();
            assertThat(outsider.election.live()).as("and it hears nobody").isEmpty();
        } finally {
            nodes.forEach(n -> n.discovery.close());
        }
    }

    @Test
    void countsReplayedAndOversizeDatagrams() {
        ClusterSecret secret = ClusterSecret.generate();
        Node node = node("5".repeat(64), secret);
        try {
            byte[] beacon = new BeaconCodec(secret).encode(new Beacon("6".repeat(64), ClusterRole.AUTO, "", 1, CAPS, false, 9));
            InetSocketAddress from = new InetSocketAddress("127.0.0.1", 9);
            node.discovery.handle(beacon, beacon.length, from);
            node.discovery.handle(beacon, beacon.length, from);
            node.discovery.handle(new byte[1000], 1000, from);
            assertThat(node.discovery.accepted()).isEqualTo(1);
            assertThat(node.discovery.refused(BeaconException.Reason.REPLAYED)).isEqualTo(1);
            assertThat(node.discovery.refused(BeaconException.Reason.OVERSIZE)).isEqualTo(1);
        } finally {
            node.discovery.close();
        }
    }
}
