package io.quarry.poies.node.rpc;

import java.util.Objects;

/**
 * A JSON-RPC 2.0 error to answer with: its code, a message safe to show the caller, and optional data.
 */
public final class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Not valid JSON. */
    public static final int PARSE_ERROR = -32700;
    /** Valid JSON, but not a JSON-RPC 2.0 request (or a batch, which this endpoint refuses). */
    public static final int INVALID_REQUEST = -32600;
    /** No such method. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** The method exists; its params are wrong. */
    public static final int INVALID_PARAMS = -32602;
    /** Our own failure; details stay in the log. */
    public static final int INTERNAL_ERROR = -32603;
    /** Over the per-peer or global request rate (EIP-1474 "limit exceeded"). */
    public static final int RATE_LIMITED = -32005;

    private final int code;
    private final transient Object data;

    public RpcException(int code, String message, Object data) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = code;
        this.data = data;
    }

    public RpcException(int code, String message) {
        this(code, message, null);
    }

    /** -32602 with an explanation naming the param. */
    public static RpcException invalidParams(String message) {
        return new RpcException(INVALID_PARAMS, message);
    }

    /** The error code. */
    public int code() {
        return code;
    }

    /** Extra detail for the caller, or null. */
    public Object data() {
        return data;
    }
}
