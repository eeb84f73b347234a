package io.quarry.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.transport.PeerAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Testkit nodes talk over the real transport (TLS 1.3, node keys) on loopback. */
class TestClusterTransportTest {

    @TempDir
    Path dir;

    @Test
    void everyNodeReachesEveryOtherWithAuthenticatedIds() throws Exception {
        try (TestCluster cluster = TestCluster.start(3, dir, (i, b) -> b.plugin("ping", PingPlugin::new))) {
            for (TestNode from : cluster.nodes()) {
                for (TestNode to : cluster.nodes()) {
                    if (from == to) {
                        continue;
                    }
                    PingPlugin.Pong pong = from.transport()
                            .request(to.peerAddress(), PingPlugin.PROTOCOL, new PingPlugin.Ping("hi"))
                            .get(10, TimeUnit.SECONDS);
                    assertThat(pong.text()).isEqualTo("hi");
                    assertThat(pong.answeredBy()).isEqualTo(to.nodeId());
                    assertThat(pong.askedBy()).isEqualTo(from.nodeId());
                }
            }
        }
    }

    @Test
    void dialingWithTheWrongNodeIdFails() {
        try (TestCluster cluster = TestCluster.start(3, dir, (i, b) -> b.plugin("ping", PingPlugin::new))) {
            TestNode a = cluster.node(0);
            TestNode b = cluster.node(1);
            TestNode c = cluster.node(2);
            // a means to reach b, but c answers at that address.
            PeerAddress wrong = new PeerAddress(b.nodeId(), "127.0.0.1", c.peerAddress().port());
            assertThatThrownBy(() -> a.transport().request(wrong, PingPlugin.PROTOCOL, new PingPlugin.Ping("x"))
                    .get(10, TimeUnit.SECONDS)).hasMessageContaining(b.nodeId()).hasMessageContaining(c.nodeId());
        }
    }
}
