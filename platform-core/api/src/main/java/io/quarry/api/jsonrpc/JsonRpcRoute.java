package io.quarry.api.jsonrpc;

import java.util.Collection;

/**
 * A JSON-RPC endpoint mounted on the node's HTTP port. It lives as long as the node's routes (routes are
 * registered once, in the plugin's {@code init}).
 */
public interface JsonRpcRoute {

    /** The settings' name. */
    String name();

    /** The full path it answers at ({@code /api/v1/<plugin-id>/rpc}). */
    String path();

    /**
     * A snapshot of the open WebSocket sessions, for per-session pushes. Always empty for HTTP POST, where every
     * request is a session of its own that ends with its answer.
     */
    Collection<JsonRpcSession> sessions();

    /**
     * Queues the same notification to every open WebSocket session; the message is serialised once. Sessions
     * too slow to take it are closed.
     *
     * @return how many sessions it was queued to (0 for HTTP POST)
     */
    int broadcast(String method, Object params);
}
