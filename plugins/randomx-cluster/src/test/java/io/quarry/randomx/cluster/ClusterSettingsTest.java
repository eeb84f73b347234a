package io.quarry.randomx.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.config.ConfigException;
import io.quarry.randomx.RandomxClusterConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster keys: defaults mean today's standalone node, and bad combinations fail naming the key. */
class ClusterSettingsTest {

    private static ClusterSettings settings(ClusterRole role, String connect, String secret, List<String> peers) {
        return new ClusterSettings(role, connect, secret, 10000, peers, false, 10);
    }

    @Test
    void defaultsAreAStandaloneNode() {
        ClusterSettings defaults = RandomxClusterConfig.SPEC.defaults().clusterSettings();
        assertThat(defaults.role()).isEqualTo(ClusterRole.STANDALONE);
        assertThat(defaults.clustered()).isFalse();
        assertThat(defaults.discoveryPort()).isEqualTo(10000);
        assertThat(defaults.maxBadResults()).isEqualTo(10);
        assertThat(defaults.connectEndpoint()).isEmpty();
    }

    @Test
    void parsesRolesAndEndpoints() {
        assertThat(ClusterRole.parse("auto")).isEqualTo(ClusterRole.AUTO);
        assertThatThrownBy(() -> ClusterRole.parse("leader")).hasMessageContaining("standalone, master, worker or auto");
        ClusterSettings worker = settings(ClusterRole.WORKER, "127.0.0.1:10001", "s", List.of("[::1]:10002"));
        assertThat(worker.connectEndpoint()).contains(new Endpoint("127.0.0.1", 10001));
        assertThat(worker.peerEndpoints()).containsExactly(new Endpoint("::1", 10002));
    }

    @Test
    void aClusterRoleNeedsTheSecretFile() {
        assertThatThrownBy(() -> settings(ClusterRole.AUTO, "", "", List.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster_secret_file is required with role = \"auto\"");
    }

    @Test
    void refusesMalformedEndpointsAndConnectOutsideWorkers() {
        assertThatThrownBy(() -> settings(ClusterRole.WORKER, "nohost", "s", List.of()))
                .hasMessageContaining("connect must be HOST:PORT");
        assertThatThrownBy(() -> settings(ClusterRole.AUTO, "", "s", List.of("127.0.0.1:99999")))
                .hasMessageContaining("discovery_peers port must be 1..65535");
        assertThatThrownBy(() -> settings(ClusterRole.MASTER, "127.0.0.1:1", "s", List.of()))
                .hasMessageContaining("connect is for role = \"worker\"");
        assertThatThrownBy(() -> new ClusterSettings(ClusterRole.AUTO, "", "s", 10000, List.of(), false, 0))
                .hasMessageContaining("max_bad_results must be >= 1");
    }
}
