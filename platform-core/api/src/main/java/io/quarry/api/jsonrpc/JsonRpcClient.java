package io.quarry.api.jsonrpc;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A JSON-RPC client over one line connection at a time, to the first reachable of a list of endpoints.
 *
 * <p>Connection policy: endpoints are tried in list order; a failed attempt moves straight on to the next;
 * once every endpoint has failed in a row the client waits (exponential backoff from
 * {@link JsonRpcClientSettings#initialBackoff()} to {@link JsonRpcClientSettings#maxBackoff()} with
 * decorrelated jitter, see {@link io.quarry.api.retry.Jitter}) and starts again from the first. A connection that drops before the server sent anything counts as a failed attempt;
 * one that drops later resets the backoff and reconnects from the first endpoint, so the client returns to
 * the primary server when it is back.
 *
 * <p>Requests are not queued while disconnected: they fail at once ({@code NOT_CONNECTED}), because the
 * caller (a miner with a share for the old job) knows better than a queue whether they still make sense.
 */
public interface JsonRpcClient extends AutoCloseable {

    /** The settings' name. */
    String name();

    /**
     * Sends a request and completes with the server's result (a null view for {@code "result":null}).
     * Fails with {@link JsonRpcException} when the server answers with an error, and with
     * {@link JsonRpcTransportException} when not connected, the connection drops, the
     * {@link JsonRpcClientSettings#requestTimeout()} passes, or too many requests are pending.
     *
     * @param params any JSON-writable value (record, map, list, scalar), or null
     */
    CompletableFuture<JsonRpcValue> request(String method, Object params);

    /** As {@link #request(String, Object)} with its own timeout. */
    CompletableFuture<JsonRpcValue> request(String method, Object params, Duration timeout);

    /** Queues a notification (no answer expected); false when not connected. */
    boolean notify(String method, Object params);

    /** The endpoint of the current connection; empty while (re)connecting. */
    Optional<JsonRpcEndpoint> connectedEndpoint();

    /** Whether a connection is up. */
    default boolean isConnected() {
        return connectedEndpoint().isPresent();
    }

    /** Closes the connection, fails pending requests ({@code CLOSED}) and stops reconnecting; idempotent. */
    @Override
    void close();
}
