package io.quarry.api.jsonrpc;

import java.util.Objects;

/**
 * A JSON-RPC error as an exception. Handlers throw it to answer a request with {@link #error()} (any other
 * exception becomes -32603 with no details); a client's request future fails with it when the server
 * answered with an error; {@link JsonRpcValue} accessors throw it (-32602) when a value has the wrong shape.
 */
public class JsonRpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient JsonRpcError error;

    public JsonRpcException(JsonRpcError error) {
        super(Objects.requireNonNull(error, "error").message() + " (code " + error.code() + ")");
        this.error = error;
    }

    public JsonRpcException(int code, String message) {
        this(new JsonRpcError(code, message));
    }

    /** The error sent to (or received from) the peer. */
    public JsonRpcError error() {
        return error;
    }

    /** Shorthand for {@code error().code()}. */
    public int code() {
        return error.code();
    }

    /** -32602 with the given explanation. */
    public static JsonRpcException invalidParams(String message) {
        return new JsonRpcException(JsonRpcError.invalidParams(message));
    }
}
