package io.quarry.api.transport;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where to reach a node and who it must prove to be.
 *
 * @param nodeId the expected node id (lowercase hex of the 32-byte Ed25519 public key); a connection fails
 *     with a {@link TransportException} when the peer's key differs
 * @param host host name or address
 * @param port TCP port
 */
public record PeerAddress(String nodeId, String host, int port) {

    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{64}");

    public PeerAddress {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        if (!NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("node id must be 64 lowercase hex characters, was '" + nodeId + "'");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return nodeId.substring(0, 12) + "@" + host + ":" + port;
    }
}
