package io.quarry.storage.wire;

/**
 * A node and where its transport listens.
 *
 * @param nodeId its node id
 * @param host its transport host
 * @param port its transport port
 */
public record PeerRef(String nodeId, String host, int port) {
}
