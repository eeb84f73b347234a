package io.quarry.randomx.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.NodeContext;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.HashServer;
import io.quarry.randomx.cluster.RemoteHasher;
import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.testkit.ContextProbe;
import io.quarry.testkit.TestCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote hashing between real nodes over the transport: a light-mode engine on the host answers HASH_REQUESTs,
 * and the hashes equal the RandomX reference vectors and a local engine's; a node without the secret is refused.
 */
class RemoteHashingVectorsTest {

    @Test
    void remoteHashesEqualTheReferenceVectorsAndLocalOnes(@TempDir Path dir) {
        ClusterSecret secret = ClusterSecret.generate();
        List<ContextProbe> probes = new ArrayList<>();
        try (TestCluster cluster = TestCluster.start(3, dir, (i, b) -> {
            ContextProbe probe = new ContextProbe();
            probes.add(probe);
            return b.plugin("probe", () -> probe);
        });
             RandomXEngine host = RandomXEngine.open(EngineSettings.defaults().withMode(RandomXMode.LIGHT).withThreads(1)
                     .withHugePages(HugePagesPolicy.OFF))) {
            NodeContext hostNode = probes.get(0).context();
            HashServer server = new HashServer(hostNode.identity().nodeId(), secret);
            hostNode.transport().register(ClusterProtocols.HASH, server::handle);
            host.setSeed(Vectors.KEY_000);
            server.engine(Optional.of(host));

            NodeContext member = probes.get(1).context();
            RemoteHasher remote = new RemoteHasher(member.transport(), secret, member.identity().nodeId());
            var address = cluster.node(0).peerAddress();
            List<byte[]> hashes = remote.hash(address, Vectors.KEY_000,
                    List.of(Vectors.THIS_IS_A_TEST, Vectors.LOREM, Vectors.SED_DO));
            assertThat(hashes.stream().map(Vectors::hex).toList())
                    .containsExactly(Vectors.HASH_A, Vectors.HASH_B, Vectors.HASH_C);
            host.setSeed(Vectors.KEY_001);
            assertThat(Vectors.hex(remote.hash(address, Vectors.KEY_001, List.of(Vectors.MONERO_BLOB)).getFirst()))
                    .isEqualTo(Vectors.HASH_E).isEqualTo(Vectors.hex(host.hash(Vectors.MONERO_BLOB)));
            assertThat(remote.hashes()).isEqualTo(4);
            assertThat(server.served()).isEqualTo(4);
            assertThatThrownBy(() -> remote.hash(address, Vectors.KEY_000, List.of(Vectors.LOREM)))
                    .as("the host hashes only under the key it holds").hasMessageContaining("another RandomX key");

            NodeContext outsider = probes.get(2).context();
            RemoteHasher stranger = new RemoteHasher(outsider.transport(), ClusterSecret.generate(),
                    outsider.identity().nodeId());
            assertThatThrownBy(() -> stranger.hash(address, Vectors.KEY_001, List.of(Vectors.MONERO_BLOB)))
                    .hasMessageContaining("does not hold this cluster's secret");
            assertThat(server.served()).isEqualTo(4);
        }
    }

}
