package io.quarry.randomx.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * monerod's HTTP JSON-RPC bodies through the kernel's Jackson (provided scope: on the node's class path), set up
 * strictly for input from another process: RFC 8259 only (Jackson's defaults refuse comments, trailing commas,
 * NaN, leading zeros and raw control characters), duplicate keys and trailing text refused, nesting and number
 * lengths bounded so a hostile or broken endpoint cannot exhaust the stack or the CPU.
 *
 * <p>Parsed values are what {@link io.quarry.api.jsonrpc.JsonRpcValue} views: {@code null}, {@code String},
 * {@code Boolean}, {@code Long} (or {@code BigInteger} beyond 64 bits), finite {@code Double}, {@code List} and
 * {@code Map} in document order.
 */
final class DaemonJson {

    /** Deep enough for any monerod answer. */
    static final int MAX_DEPTH = 32;
    /** Longest number accepted, in characters; monerod's largest (wide difficulties) are far shorter. */
    static final int MAX_NUMBER_CHARS = 100;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_CHARS).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private DaemonJson() {
    }

    /**
     * One JSON value filling all of {@code bytes} (UTF-8; surrounding whitespace allowed).
     *
     * @throws JsonFormatException for anything else
     */
    static Object parse(byte[] bytes) {
        Object value;
        try {
            value = MAPPER.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
            throw new JsonFormatException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new JsonFormatException(e.toString(), e);
        }
        return plain(value);
    }

    /** A request body: maps, lists, strings, numbers, booleans and nulls as JSON. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Jackson's untyped values as JsonRpcValue expects them: {@code Integer} widened to {@code Long}, and no
     * infinities (Jackson reads 1e999 as one; JSON has none, so such a number is refused like NaN). Recursion is
     * bounded by {@link #MAX_DEPTH}.
     */
    @SuppressWarnings("unchecked")
    private static Object plain(Object value) {
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new JsonFormatException("number out of range: " + d);
        }
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).replaceAll((k, v) -> plain(v));
        } else if (value instanceof List<?> list) {
            ((List<Object>) list).replaceAll(DaemonJson::plain);
        }
        return value;
    }
}
