package io.quarry.api.jsonrpc;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * The server side of one client connection. Safe to use from any thread; nothing here blocks.
 *
 * <p>Outbound messages are queued, never waited on. A connection whose queued bytes pass
 * {@link JsonRpcLimits#maxOutboundBytes()} is a client that cannot keep up: it is closed (and counted) rather
 * than buffered for ever, and {@link #notify} returns false.
 */
public interface JsonRpcSession {

    /** A node-unique id for logs and metrics ({@code "stratum-17"}). */
    String id();

    /** The client's address. */
    InetSocketAddress remote();

    /** Per-connection state for the plugin (login, worker name, difficulty, job ids); starts empty. */
    ConcurrentMap<String, Object> attributes();

    /** Attribute {@code name} when present and of {@code type}. */
    default <T> Optional<T> attribute(String name, Class<T> type) {
        Object value = attributes().get(name);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    /**
     * Queues a notification ({@code method} with {@code params}, written in the server's dialect).
     *
     * @param params any JSON-writable value (record, map, list, scalar, {@link JsonRpcValue}), or null
     * @return false when the connection is closed, or was just closed for being too slow
     */
    boolean notify(String method, Object params);

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Closes the connection after the messages already queued; harmless to call twice. */
    void close();
}
