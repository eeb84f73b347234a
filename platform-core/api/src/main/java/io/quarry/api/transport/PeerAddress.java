package io.quarry.api.transport;

import java.util.Objects;

/**
 * Where to reach a node and who it must prove to be.
 *
 * @param nodeId the expected node id (hex Ed25519 public key); the connection fails if the peer's key differs
 * @param host host name or address
 * @param port TCP port
 */
public record PeerAddress(String nodeId, String host, int port) {

    public PeerAddress {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }
}
