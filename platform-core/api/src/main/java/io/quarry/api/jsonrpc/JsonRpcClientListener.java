package io.quarry.api.jsonrpc;

/**
 * Hears what happens on a client's connection. Calls come one at a time, in order, on a virtual thread owned
 * by the client, interleaved in arrival order with the completion of request futures (a login response is
 * seen before the job notifications that follow it). A listener may block; it may even {@code join()} a
 * request it made from inside a callback, because the answer to such a request is delivered out of band.
 */
public interface JsonRpcClientListener {

    /** A connection is up (TCP and, when asked, TLS); log in or subscribe here, again after every reconnect. */
    default void onConnected(JsonRpcClient client, JsonRpcEndpoint endpoint) {
    }

    /**
     * The connection to {@code endpoint} is gone; the client is already reconnecting. Requests that were in
     * flight have failed with {@link JsonRpcTransportException.Kind#CONNECTION_LOST}.
     */
    default void onDisconnected(JsonRpcClient client, JsonRpcEndpoint endpoint, String reason) {
    }

    /**
     * A message with a method from the server: a notification ({@code job}, {@code mining.notify}), or, when
     * {@code id} is set, a server-to-client request, which this client never answers.
     */
    default void onNotification(JsonRpcClient client, JsonRpcRequest notification) {
    }
}
