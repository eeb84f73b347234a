package io.quarry.randomx.cluster;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.HashRequest;
import io.quarry.randomx.cluster.wire.HashResponse;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.randomx.cluster.wire.WorkResult;
import io.quarry.randomx.cluster.wire.WorkUnit;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster messages refuse out-of-range fields, so a decoded message is always one the code can use. */
class ClusterMessagesTest {

    @Test
    void protocolsAreVersionedAndBounded() {
        assertThat(ClusterProtocols.HELLO.id()).isEqualTo("randomx/cluster/hello/1");
        assertThat(ClusterProtocols.HASH.maxMessageBytes()).isLessThan(1 << 20);
        assertThat(ClusterProtocols.HEARTBEAT.maxMessageBytes()).isLessThanOrEqualTo(256);
    }

    @Test
    void refusesOutOfRangeFields() {
        assertThatThrownBy(() -> new NodeCapabilities(-1, 1, 1, false, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeCapabilities(1, 1, 1, false, false, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        byte[] blob = new byte[76];
        byte[] seed = new byte[32];
        assertThatThrownBy(() -> new WorkUnit(1, "j", blob, seed, 1, 1, 5, 5)).hasMessageContaining("nonce range");
        assertThatThrownBy(() -> new WorkUnit(1, "j", new byte[600], seed, 1, 1, 0, 5)).hasMessageContaining("blob");
        assertThat(WorkUnit.none().isNone()).isTrue();
        assertThatThrownBy(() -> new WorkUnit(0, "j", blob, seed, 1, 1, 0, 5)).as("no work now carries no job")
                .hasMessageContaining("no work now");
        assertThatThrownBy(() -> new WorkResult(1, "j", 1L << 32, seed)).hasMessageContaining("nonce");
        assertThatThrownBy(() -> new HashRequest(seed, Collections.nCopies(257, blob), seed)).hasMessageContaining("1..256");
        assertThatThrownBy(() -> new HashRequest(seed, List.of(new byte[0]), seed)).hasMessageContaining("blob");
        assertThatThrownBy(() -> new HashRequest(new byte[61], List.of(blob), seed)).hasMessageContaining("seedHash");
        assertThatThrownBy(() -> new HashResponse(List.of(new byte[31]))).hasMessageContaining("32 bytes");
    }
}
