package io.quarry.poies.node;

import java.util.Objects;

/**
 * Where a share came from: which endpoint and which peer. The peer keys the per-peer micro-target and
 * statistics; use the remote address for RPC and WebSocket, a per-connection id for Stratum sessions.
 *
 * @param channel the endpoint: {@link #LOCAL}, {@link #RPC}, {@link #WS} or {@link #STRATUM}
 * @param peer the peer's key (remote address, session id, worker name); {@code "local"} for the node's device
 */
public record ShareSource(String channel, String peer) {

    /** The node's own scanning device. */
    public static final String LOCAL = "local";
    /** The HTTP JSON-RPC route. */
    public static final String RPC = "rpc";
    /** WebSocket getwork. */
    public static final String WS = "ws";
    /** The Stratum server. */
    public static final String STRATUM = "stratum";

    /** The node's own device. */
    public static final ShareSource LOCAL_DEVICE = new ShareSource(LOCAL, LOCAL);

    public ShareSource {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(peer, "peer");
        if (peer.isEmpty() || peer.length() > 256) {
            throw new IllegalArgumentException("peer must be 1..256 characters, was " + peer.length());
        }
    }
}
