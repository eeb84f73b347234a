package io.quarry.kernel.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.kernel.json.KernelJsonModule;
import java.io.IOException;

/**
 * The mapper behind every JSON-RPC line. Reading is strict about JSON itself (one value per line, bounded
 * nesting) and lenient about JSON-RPC; writing accepts whatever plugins hand over, including the
 * {@link JsonRpcValue} views they received (so a handler can echo params), java.time values and {@code Optional}s.
 */
final class JsonRpcJson {

    /** Deep nesting is never a real Stratum message, and bounding it bounds the tree conversion's recursion. */
    static final int MAX_NESTING = 64;

    /** Thread-safe once configured. */
    static final ObjectMapper MAPPER = create();

    private JsonRpcJson() {
    }

    private static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                .build();
        SimpleModule module = new SimpleModule("quarry-jsonrpc");
        module.addSerializer(JsonRpcValue.class, new ValueSerializer());
        return new ObjectMapper(factory)
                .registerModule(new KernelJsonModule())
                .registerModule(module)
                // "{} {}" or "{} junk" on one line is not one message.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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
