package io.quarry.poies.node;

import io.quarry.api.jsonrpc.JsonRpcSession;
import java.net.InetSocketAddress;

/** The key the node's shared rate limiter and share sources know a peer by: its IP address. */
public final class RateLimits {

    private RateLimits() {
    }

    /** The peer of a JSON-RPC session (HTTP, WebSocket or Stratum). */
    public static String peer(JsonRpcSession session) {
        return peer(session.remote());
    }

    /** The IP address of {@code remote}, or its host name when it was never resolved. */
    public static String peer(InetSocketAddress remote) {
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
