package io.quarry.api.jsonrpc;

import java.util.Objects;

/**
 * A JSON-RPC error: what a handler answers instead of a result, and what a client receives when the server
 * refused a request. Codes below -32000 are reserved by JSON-RPC 2.0; Stratum servers use their own small
 * positive or negative codes (Stratum v1: 21 job not found, 22 duplicate share, 23 low difficulty, ...).
 *
 * @param code the error code
 * @param message a short human-readable description; never internals such as stack traces or paths
 * @param data optional extra detail (any JSON-writable value), or null
 */
public record JsonRpcError(int code, String message, Object data) {

    /** The line is not valid JSON. */
    public static final int PARSE_ERROR = -32700;
    /** Valid JSON, but not a request object (no method, wrong types, a batch). */
    public static final int INVALID_REQUEST = -32600;
    /** No handler for the method. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** The method exists but its params are wrong. */
    public static final int INVALID_PARAMS = -32602;
    /** The handler failed; details stay in the server log. */
    public static final int INTERNAL_ERROR = -32603;
    /** The connection or the whole server is over its request rate ("limit exceeded", as in EIP-1474). */
    public static final int RATE_LIMITED = -32005;

    public JsonRpcError {
        Objects.requireNonNull(message, "message");
    }

    /** An error without data. */
    public JsonRpcError(int code, String message) {
        this(code, message, null);
    }

    /** -32602 with the given explanation ("params[0]: expected a string, found a number"). */
    public static JsonRpcError invalidParams(String message) {
        return new JsonRpcError(INVALID_PARAMS, message);
    }

    /** -32601 naming the method. */
    public static JsonRpcError methodNotFound(String method) {
        return new JsonRpcError(METHOD_NOT_FOUND, "Method not found: " + method);
    }
}
