package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcError;

/** The {@code outcome} tag values of {@code quarry.jsonrpc.requests}. */
final class Outcomes {

    static final String OK = "ok";
    static final String NOTIFICATION = "notification";
    static final String NOT_FOUND = "not_found";
    static final String INVALID_PARAMS = "invalid_params";
    /** The handler answered with its own (application) error: a rejected share, a bad login. */
    static final String ERROR = "error";
    /** The handler failed; answered -32603. */
    static final String INTERNAL = "internal";
    /** Client side: the connection dropped, the request timed out, or it could not be sent. */
    static final String FAILED = "failed";

    private Outcomes() {
    }

    static String ofError(JsonRpcError error) {
        return switch (error.code()) {
            case JsonRpcError.METHOD_NOT_FOUND -> NOT_FOUND;
            case JsonRpcError.INVALID_PARAMS -> INVALID_PARAMS;
            default -> ERROR;
        };
    }
}
