package io.quarry.randomx.daemon;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarry.api.json.StrictJson;
import java.util.List;
import java.util.Map;

/**
 * monerod's HTTP JSON-RPC bodies through the node's one strict JSON reader ({@link StrictJson}: RFC 8259 only,
 * duplicate keys and trailing text refused, nesting and number lengths bounded) so a hostile or broken endpoint
 * cannot exhaust the stack or the CPU.
 *
 * <p>Parsed values are what {@link io.quarry.api.jsonrpc.JsonRpcValue} views: {@code null}, {@code String},
 * {@code Boolean}, {@code Long} (or {@code BigInteger} beyond 64 bits), finite {@code Double}, {@code List} and
 * {@code Map} in document order.
 */
final class DaemonJson {

    /** Deep enough for any monerod answer. */
    static final int MAX_DEPTH = 32;
    private static final StrictJson JSON = StrictJson.builder().maxDepth(MAX_DEPTH).build();

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
            value = JSON.readPlain(bytes);
        } catch (JacksonException e) {
            throw new JsonFormatException(e.getOriginalMessage(), e);
        }
        return plain(value);
    }

    /** A request body: maps, lists, strings, numbers, booleans and nulls as JSON. */
    static String write(Object value) {
        try {
            return JSON.mapper().writeValueAsString(value);
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
