package io.quarry.kernel.jsonrpc;

import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcValue;

/** One line as read from the wire, after lenient parsing: a call, a reply, or something to refuse. */
sealed interface Incoming {

    /** A request (with id) or a notification (without). */
    record Call(JsonRpcRequest request) implements Incoming {
    }

    /** An answer to a request we sent: {@code error} is null on success. */
    record Reply(Object id, JsonRpcValue result, JsonRpcError error) implements Incoming {
    }

    /**
     * A line that is not a usable message.
     *
     * @param error what to answer (-32700 or -32600)
     * @param id the id to answer to, when one could be read; else null
     * @param reason the metrics reason ({@code parse_error}, {@code invalid_request})
     */
    record Malformed(JsonRpcError error, Object id, String reason) implements Incoming {
    }
}
