package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarry.api.json.StrictJson;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.kernel.json.KernelJsonModule;
import java.io.IOException;

/**
 * The JSON behind every JSON-RPC message. Reading goes through the node's one strict reader ({@link StrictJson}:
 * one value per message, duplicate keys refused, bounded nesting and number length) and is lenient only about
 * JSON-RPC itself; writing accepts whatever plugins hand over, including the {@link JsonRpcValue} views they
 * received (so a handler can echo params), java.time values and {@code Optional}s.
 */
final class JsonRpcJson {

    /** Deep nesting is never a real Stratum message, and bounding it bounds the tree conversion's recursion. */
    static final int MAX_NESTING = 64;

    /** Reads every incoming line, body and WebSocket message. */
    static final StrictJson READER = StrictJson.builder().maxDepth(MAX_NESTING).build();

    /**
     * Reads HTTP bodies and WebSocket messages: as {@link #READER}, with fractions kept as exact decimals (a
     * number no decimal can hold, such as {@code 1e9999999990000}, is a parse error rather than infinity).
     */
    static final StrictJson EXACT_READER = StrictJson.builder().maxDepth(MAX_NESTING).exactDecimals(true).build();

    /** Writes every outgoing message; thread-safe once configured. */
    static final ObjectMapper MAPPER = create();

    private JsonRpcJson() {
    }

    private static ObjectMapper create() {
        SimpleModule module = new SimpleModule("quarry-jsonrpc");
        module.addSerializer(JsonRpcValue.class, new ValueSerializer());
        // Exact decimals go out as written (0.10, 1000), never in scientific notation.
        return new ObjectMapper(JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build())
                .registerModule(new KernelJsonModule())
                .registerModule(module)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    private static final class ValueSerializer extends StdSerializer<JsonRpcValue> {
        private static final long serialVersionUID = 1L;

        ValueSerializer() {
            super(JsonRpcValue.class);
        }

        @Override
        public void serialize(JsonRpcValue value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(value.value(), gen);
        }
    }
}
