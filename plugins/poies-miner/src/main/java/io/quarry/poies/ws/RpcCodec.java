package io.quarry.poies.ws;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.poies.model.StrictJson;
import java.io.UncheckedIOException;

/**
 * JSON-RPC 2.0 messages as WebSocket getwork ({@code docs/plugins.md}) carries them: one message per WebSocket
 * text message, written with {@code "jsonrpc":"2.0"}. Reading is bounded (message length, nesting depth,
 * string and number lengths), refuses duplicate keys and trailing content, and accepts exactly the request,
 * notification and response shapes; everything else is an {@link RpcProtocolException} with the JSON-RPC code
 * to answer with. Batches (arrays) are refused: nothing in getwork needs them, and they multiply a peer's work.
 */
public final class RpcCodec {

    /** Longest method name accepted. */
    public static final int MAX_METHOD_LENGTH = 64;
    /** Longest string id accepted. */
    public static final int MAX_ID_LENGTH = 128;
    /** Deepest nesting accepted (a HashShare envelope inside params is 4 deep). */
    public static final int MAX_DEPTH = 16;

    /** Node factory for what this codec writes. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final StrictJson JSON = StrictJson.of(StrictJson.limits()
            .maxNestingDepth(MAX_DEPTH)
            .maxNameLength(256)
            .build(), NODES);

    private RpcCodec() {
    }

    /**
     * Reads one message of at most {@code maxChars} characters.
     *
     * @throws RpcProtocolException when it is too long, not JSON, or not a JSON-RPC 2.0 message
     */
    public static RpcMessage read(String text, int maxChars) {
        if (text.length() > maxChars) {
            throw new RpcProtocolException(JsonRpcError.INVALID_REQUEST, "too_large", "Message of " + text.length()
                    + " characters is over the limit of " + maxChars, null);
        }
        JsonNode tree;
        try {
            tree = JSON.read(text);
        } catch (JacksonException e) {
            throw new RpcProtocolException(JsonRpcError.PARSE_ERROR, "parse_error", "Parse error: "
                    + StrictJson.describe(e), null);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new RpcProtocolException(JsonRpcError.PARSE_ERROR, "parse_error", "Parse error: empty message",
                    null);
        }
        if (tree.isArray()) {
            throw invalid("Batches are not supported: send one JSON-RPC object per message", null);
        }
        if (!tree.isObject()) {
            throw invalid("Expected a JSON-RPC object, found " + kind(tree), null);
        }
        JsonNode id = readId(tree.get("id"));
        JsonNode version = tree.get("jsonrpc");
        if (version != null && !(version.isTextual() && version.textValue().equals("2.0"))) {
            throw invalid("\"jsonrpc\" must be \"2.0\"", id);
        }
        JsonNode method = tree.get("method");
        JsonNode params = tree.path("params");
        if (params.isMissingNode() || params.isNull()) {
            params = NullNode.instance;
        } else if (!params.isArray() && !params.isObject()) {
            throw invalid("\"params\" must be an array or an object, found " + kind(params), id);
        }
        if (method != null && !method.isNull()) {
            if (!method.isTextual() || method.textValue().isEmpty()
                    || method.textValue().length() > MAX_METHOD_LENGTH) {
                throw invalid("\"method\" must be a string of 1 to " + MAX_METHOD_LENGTH + " characters", id);
            }
            if (tree.has("result") || tree.has("error")) {
                throw invalid("A request carries no \"result\" or \"error\"", id);
            }
            return new RpcMessage(id, method.textValue(), params, null, null);
        }
        JsonNode result = tree.get("result");
        JsonNode error = tree.get("error");
        if (id.isNull() || (result == null) == (error == null)) {
            throw invalid("Expected a request (\"method\") or a response (\"id\" with \"result\" or \"error\")", id);
        }
        if (error != null && !(error.isObject() && error.path("code").isIntegralNumber()
                && error.path("message").isTextual())) {
            throw invalid("\"error\" must be an object with an integer \"code\" and a string \"message\"", id);
        }
        return new RpcMessage(id, null, params, result, error);
    }

    /** A request; null (or JSON null) params are left out, as JSON-RPC 2.0 section 4.2 allows. */
    public static String request(long id, String method, JsonNode params) {
        ObjectNode out = envelope();
        out.put("id", id);
        out.put("method", method);
        if (params != null && !params.isNull()) {
            out.set("params", params);
        }
        return write(out);
    }

    /** A notification (no id); null params are left out. */
    public static String notification(String method, JsonNode params) {
        ObjectNode out = envelope();
        out.put("method", method);
        if (params != null && !params.isNull()) {
            out.set("params", params);
        }
        return write(out);
    }

    /** A successful response. */
    public static String result(JsonNode id, JsonNode result) {
        ObjectNode out = envelope();
        out.set("id", id);
        out.set("result", result == null ? NullNode.instance : result);
        return write(out);
    }

    /** An error response; {@code data} may be null. */
    public static String error(JsonNode id, int code, String message, JsonNode data) {
        ObjectNode out = envelope();
        out.set("id", id);
        ObjectNode error = out.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return write(out);
    }

    /** Compact JSON text of any tree. */
    public static String write(JsonNode tree) {
        try {
            return JSON.mapper().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree we built ourselves always writes
        }
    }

    /** What a value is, for messages: only its type, never its content. */
    public static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "an unsupported value";
        };
    }

    private static JsonNode readId(JsonNode id) {
        if (id == null || id.isNull()) {
            return NullNode.instance;
        }
        if (id.isTextual() && id.textValue().length() <= MAX_ID_LENGTH || id.isIntegralNumber() && id.canConvertToLong()) {
            return id;
        }
        throw invalid("\"id\" must be a string of at most " + MAX_ID_LENGTH + " characters or a 64-bit integer",
                null);
    }

    private static RpcProtocolException invalid(String message, JsonNode id) {
        return new RpcProtocolException(JsonRpcError.INVALID_REQUEST, "invalid_request", message, id);
    }

    private static ObjectNode envelope() {
        ObjectNode out = NODES.objectNode();
        out.put("jsonrpc", "2.0");
        return out;
    }
}
