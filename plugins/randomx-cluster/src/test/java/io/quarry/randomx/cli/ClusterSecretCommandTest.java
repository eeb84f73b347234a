package io.quarry.randomx.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.randomx.cluster.ClusterSecret;
import org.junit.jupiter.api.Test;

class ClusterSecretCommandTest {

    @Test
    void printsANewLoadableSecretEachTime() {
        Run first = Run.of("cluster", "secret");
        Run second = Run.of("cluster", "secret");
        assertThat(first.exitCode()).isZero();
        assertThat(first.lastLine()).matches("[0-9a-f]{64}");
        assertThat(ClusterSecret.ofHex(first.lastLine()).toHex()).isEqualTo(first.lastLine());
        assertThat(second.lastLine()).isNotEqualTo(first.lastLine());
    }
}
