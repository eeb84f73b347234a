package io.quarry.api.jsonrpc;

import java.util.Objects;

/**
 * One call received: a request when it has an id, a notification when it has none. Ids are echoed back in the
 * type they came in (Stratum peers use numbers, strings, or both).
 *
 * @param id a {@code String} or {@code Number}; null for a notification (no id, or {@code "id":null})
 * @param method the method name
 * @param params the params (an array, an object, or a null view when absent); its path is {@code params}
 */
public record JsonRpcRequest(Object id, String method, JsonRpcValue params) {

    public JsonRpcRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
        if (id != null && !(id instanceof String || id instanceof Number)) {
            throw new IllegalArgumentException("id must be a String or a Number, was " + id.getClass().getName());
        }
    }

    /** Whether no answer is expected. */
    public boolean isNotification() {
        return id == null;
    }
}
