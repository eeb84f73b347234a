package io.quarry.randomx.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.TransportException;
import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.JoinAccepted;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.testkit.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The membership handshake between real nodes on loopback, over the TLS transport. */
class HandshakeOverTransportTest {

    private static final NodeCapabilities CAPS = new NodeCapabilities(2, 1, 512, false, false, 50);

    @Test
    void onlyNodesHoldingTheSecretJoinAndTheMasterIdIsPinned(@TempDir Path dir) {
        ClusterSecret secret = ClusterSecret.generate();
        List<ContextProbe> probes = new ArrayList<>();
        try (TestCluster cluster = TestCluster.start(3, dir, (i, b) -> {
            ContextProbe probe = new ContextProbe();
            probes.add(probe);
            return b.plugin("probe", () -> probe);
        })) {
            var master = probes.get(0).context;
            Membership membership = new Membership(master.identity().nodeId(), secret, InstantSource.system(),
                    Duration.ofSeconds(1), 10);
            master.transport().register(ClusterProtocols.HELLO, membership::hello);
            master.transport().register(ClusterProtocols.JOIN, membership::join);
            assertThat(master.transport().localAddress()).as("the plugin sees where its node listens")
                    .hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(cluster.node(0).peerAddress().port()));

            var member = probes.get(1).context;
            JoinAccepted accepted = new JoinClient(member.transport(), secret, member.identity().nodeId())
                    .join(cluster.node(0).peerAddress(), "worker", CAPS);
            assertThat(accepted.masterId()).isEqualTo(master.identity().nodeId());
            assertThat(membership.isMember(member.identity().nodeId())).isTrue();

            var outsider = probes.get(2).context;
            JoinClient wrong = new JoinClient(outsider.transport(), ClusterSecret.generate(), outsider.identity().nodeId());
            assertThatThrownBy(() -> wrong.join(cluster.node(0).peerAddress(), "worker", CAPS))
                    .as("the outsider learns the master does not share its secret and never proves one")
                    .isInstanceOf(ClusterException.class).hasMessageContaining("does not hold this cluster's secret");
            assertThat(membership.isMember(outsider.identity().nodeId())).isFalse();

            // Sending the master a proof anyway (forged without the secret) gets a refusal and no membership.
            var hello = outsider.transport().request(cluster.node(0).peerAddress(), ClusterProtocols.HELLO,
                    new io.quarry.randomx.cluster.wire.Hello(1, outsider.identity().nodeId(), new byte[32], "worker", CAPS)).join();
            assertThatThrownBy(() -> outsider.transport().request(cluster.node(0).peerAddress(), ClusterProtocols.JOIN,
                    new io.quarry.randomx.cluster.wire.JoinProof(hello.nonce(), new byte[32])).join())
                    .hasMessageContaining("does not hold this cluster's secret");
            assertThat(membership.isMember(outsider.identity().nodeId())).isFalse();

            var pinnedElsewhere = new io.quarry.api.transport.PeerAddress(outsider.identity().nodeId(), "127.0.0.1",
                    cluster.node(0).peerAddress().port());
            assertThatThrownBy(() -> new JoinClient(member.transport(), secret, member.identity().nodeId())
                    .join(pinnedElsewhere, "worker", CAPS))
                    .as("the transport refuses a master that is not the pinned id").isInstanceOf(TransportException.class);
        }
    }
}
