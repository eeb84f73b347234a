package io.quarry.api.jsonrpc;

/**
 * The kernel's JSON-RPC service as one plugin sees it, on three carriers that share one method registry
 * ({@link JsonRpcHandler}, {@link JsonRpcMethods}), the dialects, {@link JsonRpcLimits}, errors and meters:
 * <ul>
 *   <li>line-delimited JSON over TCP (optionally TLS), on a port of its own: {@link #open}, {@link #connect};</li>
 *   <li>HTTP POST on the node's HTTP port, one request object per body: {@link #serveHttp}, with
 *       {@link JsonRpcHttpClient} on the calling side;</li>
 *   <li>WebSocket on the node's HTTP port, one message per text frame, with server pushes:
 *       {@link #serveWebSocket}, with {@link JsonRpcWebSocketClient} on the calling side.</li>
 * </ul>
 * Line servers and clients are closed by the kernel when the plugin stops; every meter carries the plugin's tag.
 *
 * <p>Meters: {@code quarry.jsonrpc.connections} (gauge, by server), {@code quarry.jsonrpc.requests} (timer,
 * by server, method and outcome), {@code quarry.jsonrpc.errors} (counter, by server and reason),
 * {@code quarry.jsonrpc.client.requests} and {@code quarry.jsonrpc.client.connections} (by client).
 */
public interface JsonRpcServers {

    /**
     * Binds a line server and starts accepting; returns once the port is bound.
     *
     * @param handlers makes the handler of each connection
     * @throws JsonRpcTransportException ({@link JsonRpcTransportException.Kind#BIND_FAILED}) when the address
     *     is in use or TLS material cannot be read, with a message saying what to change
     */
    JsonRpcServer open(JsonRpcServerSettings settings, JsonRpcHandler.Factory handlers);

    /**
     * Creates a client and starts connecting in the background to the first reachable endpoint; returns at
     * once. The listener hears when a connection is up, so the caller logs in there.
     */
    JsonRpcClient connect(JsonRpcClientSettings settings, JsonRpcClientListener listener);

    /**
     * Serves JSON-RPC 2.0 over HTTP POST at {@code /api/v1/<plugin-id>/<path>}; call from the plugin's
     * {@code init}. One request object per body (a batch is refused with -32600); the answer is the body of the
     * response. Status codes: 200 for any answer to a well-formed request (a result or the handler's error),
     * 204 for a notification, 400 for a parse error (-32700) or an invalid request (-32600), 413 for a body
     * over {@link JsonRpcLimits#maxLineBytes()} (-32600), 429 over the rate (-32005).
     *
     * <p>Each POST is a session of its own: the factory is called for it, {@link JsonRpcSession#notify} returns
     * false, and {@link JsonRpcHandler#onClose} follows the answer. Requests are read strictly as JSON-RPC 2.0:
     * {@code "jsonrpc":"2.0"}, only the members {@code jsonrpc id method params}, an id that is a string of at
     * most 128 characters or a 64-bit integer, params an array or an object.
     *
     * @throws IllegalStateException when this service has no HTTP server (a scope made outside a node)
     */
    JsonRpcRoute serveHttp(JsonRpcRouteSettings settings, JsonRpcHandler.Factory handlers);

    /**
     * Serves JSON-RPC 2.0 over WebSocket at {@code /api/v1/<plugin-id>/<path>}; call from the plugin's
     * {@code init}. One message per text frame, read as strictly as over {@link #serveHttp HTTP}; the factory is
     * called once per connection, requests are handled one at a time in arrival order, and
     * {@link JsonRpcSession#notify} pushes to the client. A message over {@link JsonRpcLimits#maxLineBytes()},
     * not JSON, not a request, or over the rate is answered with the error (no answer for a notification) and
     * counts as a strike; {@link JsonRpcLimits#maxStrikes()} in a row close the connection. A client that stops
     * reading is closed rather than buffered for.
     *
     * @throws IllegalStateException when this service has no HTTP server (a scope made outside a node)
     */
    JsonRpcRoute serveWebSocket(JsonRpcRouteSettings settings, JsonRpcHandler.Factory handlers);
}
