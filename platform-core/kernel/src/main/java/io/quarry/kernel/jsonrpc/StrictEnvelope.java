package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.json.StrictJson;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcValue;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads one request as JSON-RPC 2.0 section 4 writes it, for the HTTP and WebSocket carriers (the line carrier
 * reads leniently, for Stratum peers): {@code "jsonrpc":"2.0"}, no members beyond {@code jsonrpc id method
 * params}, an id that is a short string or a 64-bit integer (anything else would be echoed back at length),
 * params an array or an object. {@code "id":null} is read as a notification. Never throws.
 */
final class StrictEnvelope {

    /** Longest method name; a longer one cannot be a method and is not echoed at length. */
    static final int MAX_METHOD_LENGTH = 64;
    /** Longest string id accepted (it is echoed in the answer). */
    static final int MAX_ID_LENGTH = 128;

    private static final Set<String> MEMBERS = Set.of("jsonrpc", "id", "method", "params");

    private StrictEnvelope() {
    }

    static Incoming parse(byte[] message) {
        JsonNode root;
        try {
            root = JsonRpcJson.EXACT_READER.read(message);
        } catch (JacksonException e) {
            return new Incoming.Malformed(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: "
                    + StrictJson.describe(e)), null, JsonRpcCodec.PARSE_ERROR);
        }
        if (root == null) {
            return invalid("Invalid request: empty", null);
        }
        if (root.isArray()) {
            return invalid("Invalid request: batch requests are not supported; send one request object at a time",
                    null);
        }
        if (!root.isObject()) {
            return invalid("Invalid request: expected a JSON object", null);
        }
        JsonNode idNode = root.get("id");
        Object id = usableId(idNode);
        if (!root.has("method") && (root.has("result") || root.has("error"))) {
            JsonNode error = root.get("error");
            return new Incoming.Reply(id, new JsonRpcValue("result", null), error == null || error.isNull() ? null
                    : new JsonRpcError(JsonRpcError.INVALID_REQUEST, "an error answer"));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                return invalid("Invalid request: unknown member \"" + (name.length() > MAX_METHOD_LENGTH
                        ? name.substring(0, MAX_METHOD_LENGTH) + "..." : name)
                        + "\" (a request has jsonrpc, id, method, params)", id);
            }
        }
        JsonNode version = root.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
            return invalid("Invalid request: \"jsonrpc\" must be \"2.0\"", id);
        }
        JsonNode method = root.get("method");
        if (method == null || !method.isTextual() || method.textValue().isEmpty()) {
            return invalid("Invalid request: \"method\" must be a non-empty string", id);
        }
        if (method.textValue().length() > MAX_METHOD_LENGTH) {
            return new Incoming.Malformed(new JsonRpcError(JsonRpcError.METHOD_NOT_FOUND, "Method not found: names"
                    + " are at most " + MAX_METHOD_LENGTH + " characters"), id, JsonRpcCodec.INVALID_REQUEST);
        }
        if (idNode != null && !idNode.isNull() && id == null) {
            return invalid("Invalid request: \"id\" must be a string of at most " + MAX_ID_LENGTH
                    + " characters, an integer that fits 64 bits, or null", null);
        }
        JsonNode params = root.get("params");
        if (params != null && !params.isNull() && !params.isArray() && !params.isObject()) {
            return invalid("Invalid request: \"params\" must be an array or an object", id);
        }
        return new Incoming.Call(new JsonRpcRequest(id, method.textValue(),
                new JsonRpcValue("params", JsonTrees.toJava(params, true))));
    }

    /** The id when it is one that may be echoed: a short string or an integer that fits a long; else null. */
    private static Object usableId(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isTextual() && id.textValue().length() <= MAX_ID_LENGTH) {
            return id.textValue();
        }
        return id.isIntegralNumber() && id.canConvertToLong() ? (Object) id.longValue() : null;
    }

    private static Incoming.Malformed invalid(String message, Object id) {
        return new Incoming.Malformed(new JsonRpcError(JsonRpcError.INVALID_REQUEST, message), id,
                JsonRpcCodec.INVALID_REQUEST);
    }
}
