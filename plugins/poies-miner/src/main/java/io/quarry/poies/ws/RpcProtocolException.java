package io.quarry.poies.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * A peer's message that cannot be handled as JSON-RPC 2.0: not JSON, too large, not a request object, an unknown
 * method, wrong params. It is answered with {@link #code()} and {@link #getMessage()} (safe to send: it never
 * quotes more than a short preview of the peer's bytes) under the request's id when one could be read.
 */
public final class RpcProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;
    private final transient JsonNode id;

    /**
     * @param code the JSON-RPC error code
     * @param reason a short stable label for counters ({@code parse_error}, {@code too_large}, ...)
     * @param message what was wrong, for the peer
     * @param id the request's id, or {@link NullNode} when none could be read
     */
    public RpcProtocolException(int code, String reason, String message, JsonNode id) {
        super(message);
        this.code = code;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.id = id == null ? NullNode.instance : id;
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }

    /** The counter label. */
    public String reason() {
        return reason;
    }

    /** The id to answer under ({@link NullNode} when unknown). */
    public JsonNode id() {
        return id;
    }
}
