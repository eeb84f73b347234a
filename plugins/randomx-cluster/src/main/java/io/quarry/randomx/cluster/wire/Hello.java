package io.quarry.randomx.cluster.wire;

import java.util.Objects;

/**
 * HELLO, a joining node's first message to the master: who it is, a fresh nonce for the master to answer with
 * proof of the cluster secret, its role and capabilities (see {@code docs/randomx-cluster-protocol.md}).
 *
 * @param version the cluster protocol version the node speaks ({@link ClusterProtocols#VERSION})
 * @param nodeId the sender's node id; must equal the id the transport authenticated
 * @param nonce 32 random bytes
 * @param role the sender's configured role key ({@code worker}, {@code auto}, {@code master})
 * @param capabilities what the sender can do
 */
public record Hello(int version, String nodeId, byte[] nonce, String role, NodeCapabilities capabilities) {

    public Hello {
        WireChecks.nodeId("nodeId", nodeId);
        WireChecks.nonce("nonce", nonce);
        WireChecks.text("role", role, 16);
        Objects.requireNonNull(capabilities, "capabilities");
    }
}
