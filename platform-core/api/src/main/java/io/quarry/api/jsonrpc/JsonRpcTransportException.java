package io.quarry.api.jsonrpc;

import java.util.Objects;

/**
 * The wire failed, as opposed to the peer answering with an error ({@link JsonRpcException}): a port could
 * not be bound, no connection is up, it dropped before the answer came, or the answer took too long.
 */
public class JsonRpcTransportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that branch on it (retry after reconnect, resubmit, give up). */
    public enum Kind {
        /** A server could not bind its address or set up TLS. */
        BIND_FAILED,
        /** The client has no connection right now; it is reconnecting. */
        NOT_CONNECTED,
        /** The connection dropped while the request was in flight. */
        CONNECTION_LOST,
        /** No answer within the request timeout. */
        TIMEOUT,
        /** Too many requests are already waiting for answers. */
        TOO_MANY_PENDING,
        /** The client or server was closed. */
        CLOSED,
        /** The server answered with something that is not a JSON-RPC answer to the request (or too much of it). */
        PROTOCOL,
        /** The server refused the caller (HTTP 401 or 403): the API token is missing or wrong. */
        UNAUTHORIZED
    }

    private final Kind kind;

    public JsonRpcTransportException(Kind kind, String message) {
        this(kind, message, null);
    }

    public JsonRpcTransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
