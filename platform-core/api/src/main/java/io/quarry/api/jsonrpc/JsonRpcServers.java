package io.quarry.api.jsonrpc;

/**
 * The kernel's JSON-RPC line service as one plugin sees it: servers it opens and clients it connects are
 * closed by the kernel when the plugin stops, and their meters carry the plugin's tag.
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
}
