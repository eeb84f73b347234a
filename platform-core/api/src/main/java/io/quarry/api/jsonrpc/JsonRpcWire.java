package io.quarry.api.jsonrpc;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarry.api.json.StrictJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clients' side of the JSON-RPC wire: JSON-RPC 2.0 requests written, answers and server notifications read
 * through {@link StrictJson} into the plain values {@link JsonRpcValue} views.
 */
final class JsonRpcWire {

    /** Deep nesting is never a real answer, and bounding it bounds the tree conversion's recursion. */
    static final int MAX_DEPTH = 64;

    /** Fractions stay exact, as the HTTP and WebSocket servers read them. */
    private static final StrictJson READER = StrictJson.builder().maxDepth(MAX_DEPTH).exactDecimals(true).build();
    private static final ObjectMapper WRITER = writer();

    private JsonRpcWire() {
    }

    /** What a server sent: an answer to a request of ours, or a call (a notification or server request). */
    sealed interface Message {
    }

    /** An answer; {@code error} is null on success. */
    record Reply(Object id, JsonRpcValue result, JsonRpcError error) implements Message {
    }

    /** A notification or request from the server. */
    record Call(JsonRpcRequest request) implements Message {
    }

    /** A request with {@code id}; null params are left out (JSON-RPC 2.0 section 4). */
    static byte[] request(long id, String method, Object params) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jsonrpc", "2.0");
        out.put("id", id);
        out.put("method", method);
        if (params != null) {
            out.put("params", params);
        }
        return write(out);
    }

    /** A notification: no id. */
    static byte[] notification(String method, Object params) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jsonrpc", "2.0");
        out.put("method", method);
        if (params != null) {
            out.put("params", params);
        }
        return write(out);
    }

    /**
     * Reads one message from a server, leniently about JSON-RPC (as the line client does) and strictly about
     * JSON.
     *
     * @throws IllegalArgumentException saying why it is not a usable message (never quoting it)
     */
    static Message read(byte[] bytes) {
        JsonNode root;
        try {
            root = READER.read(bytes);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + StrictJson.describe(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON-RPC object");
        }
        JsonNode idNode = root.get("id");
        Object id = idNode == null || idNode.isNull() ? null
                : idNode.isTextual() ? idNode.textValue()
                : idNode.isIntegralNumber() && idNode.canConvertToLong() ? (Object) idNode.longValue() : null;
        JsonNode method = root.get("method");
        if (method != null && method.isTextual() && !method.textValue().isEmpty()) {
            return new Call(new JsonRpcRequest(id, method.textValue(),
                    new JsonRpcValue("params", toJava(root.get("params")))));
        }
        if (root.has("result") || root.has("error")) {
            JsonNode error = root.get("error");
            return new Reply(id, new JsonRpcValue("result", toJava(root.get("result"))),
                    error == null || error.isNull() ? null : readError(error));
        }
        throw new IllegalArgumentException("neither an answer nor a call");
    }

    private static JsonRpcError readError(JsonNode node) {
        JsonNode code = node.isArray() ? node.get(0) : node.get("code");
        JsonNode message = node.isArray() ? node.get(1) : node.get("message");
        JsonNode data = node.isArray() ? node.get(2) : node.get("data");
        if (!node.isArray() && !node.isObject()) {
            return new JsonRpcError(0, node.asText());
        }
        return new JsonRpcError(code != null && code.canConvertToInt() ? code.intValue() : 0,
                message != null && !message.isNull() ? message.asText() : "", toJava(data));
    }

    /** A tree as plain Java values: maps in member order, lists, strings, Long/BigInteger/Double, booleans. */
    static Object toJava(JsonNode node) {
        if (node == null) {
            return null;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(member -> map.put(member.getKey(), toJava(member.getValue())));
                yield Collections.unmodifiableMap(map);
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(toJava(element)));
                yield Collections.unmodifiableList(list);
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber()
                    ? (node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue())
                    : (Object) node.decimalValue();
            default -> null;
        };
    }

    private static byte[] write(Object message) {
        try {
            return WRITER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper writer() {
        SimpleModule module = new SimpleModule("quarry-jsonrpc-client");
        module.addSerializer(JsonRpcValue.class, new StdSerializer<>(JsonRpcValue.class) {
            private static final long serialVersionUID = 1L;

            @Override
            public void serialize(JsonRpcValue value, JsonGenerator gen, SerializerProvider provider)
                    throws IOException {
                provider.defaultSerializeValue(value.value(), gen);
            }
        });
        return READER.mapper().copy().registerModule(module);
    }
}
