package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcError;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Reads lines leniently and writes them in one dialect. Reading accepts what sloppy Stratum peers send (see
 * the {@code io.quarry.api.jsonrpc} package description); writing always ends a message with {@code \n}.
 * Serialisation happens on the caller's thread, never on an event loop.
 */
final class JsonRpcCodec {

    static final String PARSE_ERROR = "parse_error";
    static final String INVALID_REQUEST = "invalid_request";

    private final JsonRpcDialect dialect;

    JsonRpcCodec(JsonRpcDialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    /** Whether a line holds only whitespace (blank lines between messages are tolerated). */
    static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Parses one non-blank line. Never throws: anything unusable comes back as {@link Incoming.Malformed}. */
    Incoming parse(byte[] line) {
        JsonNode root;
        try {
            if (!StrictUtf8.isValid(line)) {
                throw new IOException("not well-formed UTF-8");
            }
            root = JsonRpcJson.READER.read(line);
        } catch (IOException | RuntimeException e) {
            // Includes invalid UTF-8, trailing tokens, duplicate keys and nesting beyond MAX_NESTING.
            return new Incoming.Malformed(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error"), null, PARSE_ERROR);
        }
        if (root == null || !root.isObject()) {
            String message = root != null && root.isArray() ? "Invalid request: batches are not supported"
                    : "Invalid request: expected a JSON object";
            return invalid(message, null);
        }
        JsonNode idNode = root.get("id");
        Object id;
        if (idNode == null || idNode.isNull()) {
            id = null;
        } else if (RequestIds.problem(idNode) instanceof String problem) {
            return invalid(problem, null);
        } else if (idNode.isTextual()) {
            id = idNode.textValue();
        } else if (idNode.isNumber()) {
            id = JsonTrees.number(idNode);
        } else {
            return invalid("Invalid request: id must be a number or a string", null);
        }
        JsonNode methodNode = root.get("method");
        if (methodNode != null && !methodNode.isNull()) {
            if (!methodNode.isTextual() || methodNode.textValue().isEmpty()) {
                return invalid("Invalid request: method must be a non-empty string", id);
            }
            JsonRpcValue params = new JsonRpcValue("params", JsonTrees.toJava(root.get("params")));
            return new Incoming.Call(new JsonRpcRequest(id, methodNode.textValue(), params));
        }
        if (root.has("result") || root.has("error")) {
            JsonNode errorNode = root.get("error");
            JsonRpcError error = errorNode == null || errorNode.isNull() ? null : readError(errorNode);
            return new Incoming.Reply(id, new JsonRpcValue("result", JsonTrees.toJava(root.get("result"))), error);
        }
        return invalid("Invalid request: no method", id);
    }

    private static Incoming.Malformed invalid(String message, Object id) {
        return new Incoming.Malformed(new JsonRpcError(JsonRpcError.INVALID_REQUEST, message), id, INVALID_REQUEST);
    }

    /** JSON-RPC 2.0 objects, Stratum v1 {@code [code, message, data]} arrays, or anything else as text. */
    private static JsonRpcError readError(JsonNode node) {
        if (node.isObject()) {
            JsonNode code = node.get("code");
            JsonNode message = node.get("message");
            return new JsonRpcError(code != null && code.canConvertToInt() ? code.intValue() : 0,
                    message != null && !message.isNull() ? message.asText() : "",
                    JsonTrees.toJava(node.get("data")));
        }
        if (node.isArray()) {
            JsonNode code = node.get(0);
            JsonNode message = node.get(1);
            return new JsonRpcError(code != null && code.canConvertToInt() ? code.intValue() : 0,
                    message != null && !message.isNull() ? message.asText() : "",
                    JsonTrees.toJava(node.get(2)));
        }
        return new JsonRpcError(0, node.asText());
    }

    /** A success response. Fails (and the caller answers -32603) when the result cannot be serialised. */
    byte[] result(Object id, Object result) throws JsonProcessingException {
        return write(gen -> {
            startMessage(gen, id, true);
            gen.writeFieldName("result");
            gen.writeObject(result);
            if (dialect.resultAndError()) {
                gen.writeNullField("error");
            }
        });
    }

    /** An error response; {@code id} is null when the request's id could not be read. */
    byte[] error(Object id, JsonRpcError error) {
        try {
            return write(gen -> {
                startMessage(gen, id, true);
                if (dialect.resultAndError()) {
                    gen.writeNullField("result");
                }
                gen.writeFieldName("error");
                writeError(gen, error);
            });
        } catch (JsonProcessingException e) {
            // Only the plugin's error data can fail to serialise; the code and message still go out.
            return error(id, new JsonRpcError(error.code(), error.message()));
        }
    }

    /** A notification (server to client, or client to server). */
    byte[] notification(String method, Object params) throws JsonProcessingException {
        return write(gen -> {
            startMessage(gen, null, dialect.nullIdNotifications());
            writeCall(gen, method, params);
        });
    }

    /**
     * A notification a server broadcasts: the same bytes for every session. Params that cannot be written as JSON
     * are the caller's mistake, so they fail as an {@link IllegalArgumentException}.
     */
    byte[] broadcast(String method, Object params) {
        try {
            return notification(method, params);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params of notification " + method + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A request from a client. */
    byte[] request(Object id, String method, Object params) throws JsonProcessingException {
        return write(gen -> {
            startMessage(gen, id, true);
            writeCall(gen, method, params);
        });
    }

    private void startMessage(JsonGenerator gen, Object id, boolean writeId) throws IOException {
        gen.writeStartObject();
        if (writeId) {
            gen.writeFieldName("id");
            gen.writeObject(id);
        }
        if (dialect.versionMember()) {
            gen.writeStringField("jsonrpc", "2.0");
        }
    }

    private void writeCall(JsonGenerator gen, String method, Object params) throws IOException {
        gen.writeStringField("method", Objects.requireNonNull(method, "method"));
        if (params != null) {
            gen.writeFieldName("params");
            gen.writeObject(params);
        } else if (dialect.paramsAlways()) {
            gen.writeFieldName("params");
            gen.writeStartArray();
            gen.writeEndArray();
        }
    }

    private void writeError(JsonGenerator gen, JsonRpcError error) throws IOException {
        if (dialect.arrayErrors()) {
            gen.writeStartArray();
            gen.writeNumber(error.code());
            gen.writeString(error.message());
            gen.writeObject(error.data());
            gen.writeEndArray();
            return;
        }
        gen.writeStartObject();
        gen.writeNumberField("code", error.code());
        gen.writeStringField("message", error.message());
        if (error.data() != null) {
            gen.writeFieldName("data");
            gen.writeObject(error.data());
        }
        gen.writeEndObject();
    }

    private static byte[] write(Body body) throws JsonProcessingException {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            try (JsonGenerator gen = JsonRpcJson.MAPPER.createGenerator(out)) {
                body.write(gen);
                gen.writeEndObject();
            }
            out.write('\n');
            return out.toByteArray();
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // A byte array never fails to take bytes.
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator gen) throws IOException;
    }
}
