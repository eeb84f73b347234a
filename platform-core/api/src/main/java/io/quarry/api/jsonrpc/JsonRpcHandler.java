package io.quarry.api.jsonrpc;

/**
 * Serves one connection. The server calls these methods one at a time, in the order the lines arrived, on a
 * virtual thread (never a network event loop): handlers may block, and a slow handler delays only its own
 * connection. Stratum relies on that order (a submit is never handled before the login that precedes it).
 * Reading from the client pauses while many of its requests wait, so a flood is pushed back on the client.
 */
public interface JsonRpcHandler {

    /**
     * Answers one request.
     *
     * @return the result: any JSON-writable value (record, map, list, scalar, {@link JsonRpcValue}); null is
     *     written as {@code "result":null}
     * @throws JsonRpcException to answer with that error (unknown methods: {@link JsonRpcError#methodNotFound});
     *     any other exception is answered with -32603 and logged with an error id, without details to the peer
     */
    Object onRequest(JsonRpcSession session, JsonRpcRequest request);

    /**
     * The answer to {@code request} has been queued to the client: the place for pushes that must follow it
     * (a subscription's first job after the answer carrying the subscription id). Called on the same thread
     * before the next request of the session, on the line and WebSocket carriers (over HTTP nothing can follow
     * the answer). By default nothing.
     */
    default void onAnswered(JsonRpcSession session, JsonRpcRequest request) {
    }

    /** A notification from the client (no id): nothing is answered. By default ignored. */
    default void onNotification(JsonRpcSession session, JsonRpcRequest notification) {
    }

    /**
     * A request or notification was refused for being over the rate before it reached {@link #onRequest}: for
     * the plugin's own bookkeeping (a share refused for the rate is still a refused share). The peer has its
     * answer already. Told on the line and WebSocket carriers; over HTTP the rate is checked before the body is
     * read, so there is no request to tell of. By default ignored.
     */
    default void onRateLimited(JsonRpcSession session, JsonRpcRequest refused) {
    }

    /** The connection closed, by either side; {@code reason} is for logs ("closed by peer", "idle timeout"). */
    default void onClose(JsonRpcSession session, String reason) {
    }

    /** Makes the handler of each accepted connection: one per connection, or one shared instance. */
    @FunctionalInterface
    interface Factory {
        /** Called once per accepted connection, before any of its requests; the first event of the session. */
        JsonRpcHandler create(JsonRpcSession session);
    }
}
