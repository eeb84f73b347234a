package io.quarry.poies.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * One JSON-RPC 2.0 message read from a WebSocket text message: a request (method and id), a notification
 * (method, no id) or a response (id with result or error). Which one it is follows from the members present;
 * {@link RpcCodec#read} has already checked that the combination is one of these.
 *
 * @param id the id as sent (a string or a number), or {@link NullNode} for a notification
 * @param method the method name, or null for a response
 * @param params the params (an array or an object), or {@link NullNode} when absent
 * @param result the result of a response, or null
 * @param error the error object of a response, or null
 */
public record RpcMessage(JsonNode id, String method, JsonNode params, JsonNode result, JsonNode error) {

    public RpcMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(params, "params");
    }

    /** Whether this is a request or notification (has a method). */
    public boolean isCall() {
        return method != null;
    }

    /** Whether this is a call that expects an answer. */
    public boolean expectsAnswer() {
        return method != null && !id.isNull();
    }

    /** Whether this is a response carrying an error. */
    public boolean isError() {
        return method == null && error != null;
    }

    /** Element {@code index} of array params, or a missing node. */
    public JsonNode param(int index) {
        return params.path(index);
    }
}
