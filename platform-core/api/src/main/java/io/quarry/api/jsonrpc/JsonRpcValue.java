package io.quarry.api.jsonrpc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one JSON value received over JSON-RPC (params, a result, error data), with typed
 * accessors that fail with a message naming where the value sits. Wrong shapes throw {@link JsonRpcException}
 * with code -32602, so a handler that simply reads its params answers a malformed request with a precise
 * "invalid params" error ({@code params.login: expected a string, found a number}); on a client the same
 * exception means the server's answer had an unexpected shape.
 *
 * <p>The underlying {@link #value()} is one of: {@code null} (JSON null or absent), {@code String},
 * {@code Boolean}, {@code Long} or {@code BigInteger} (integers), {@code Double} (other numbers; an exact
 * {@code BigDecimal} for values that came over HTTP or WebSocket, which keep decimals as written), an
 * unmodifiable {@code List<Object>} (array) or an unmodifiable {@code Map<String, Object>} (object, in wire
 * order) of the same. Numbers are never read from strings and vice versa: Stratum fields that are hex strings
 * stay strings.
 *
 * @param path where the value sits, for messages ({@code params}, {@code params[2]}, {@code result.job})
 * @param value the plain Java value as described above
 */
public record JsonRpcValue(String path, Object value) {

    public JsonRpcValue {
        Objects.requireNonNull(path, "path");
        if (value != null && !(value instanceof String || value instanceof Boolean || value instanceof Number
                || value instanceof List<?> || value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(path + ": not a JSON value: " + value.getClass().getName());
        }
    }

    /** An absent or JSON-null value at {@code path}. */
    public static JsonRpcValue missing(String path) {
        return new JsonRpcValue(path, null);
    }

    /** Whether the value is JSON null or absent. */
    public boolean isNull() {
        return value == null;
    }

    /** Whether the value is a JSON object. */
    public boolean isObject() {
        return value instanceof Map<?, ?>;
    }

    /** Whether the value is a JSON array. */
    public boolean isArray() {
        return value instanceof List<?>;
    }

    /** Whether the value is a JSON string. */
    public boolean isString() {
        return value instanceof String;
    }

    /** Whether the value is a JSON number. */
    public boolean isNumber() {
        return value instanceof Number;
    }

    /** Elements of an array or members of an object; 0 for anything else. */
    public int size() {
        if (value instanceof List<?> list) {
            return list.size();
        }
        return value instanceof Map<?, ?> map ? map.size() : 0;
    }

    /** Whether this is an object with a non-null member {@code name}. */
    public boolean has(String name) {
        return value instanceof Map<?, ?> map && map.get(name) != null;
    }

    /** Member {@code name} of an object (null view when absent); fails when this is not an object. */
    public JsonRpcValue get(String name) {
        Map<?, ?> map = expect(Map.class, "an object");
        return new JsonRpcValue(path + "." + name, map.get(name));
    }

    /** Element {@code index} of an array (null view when out of range); fails when this is not an array. */
    public JsonRpcValue get(int index) {
        List<?> list = expect(List.class, "an array");
        return new JsonRpcValue(path + "[" + index + "]", index >= 0 && index < list.size() ? list.get(index) : null);
    }

    /** Member {@code name} when this is an object holding a non-null value for it; otherwise empty. */
    public Optional<JsonRpcValue> optional(String name) {
        return has(name) ? Optional.of(get(name)) : Optional.empty();
    }

    /** The elements of an array as views. */
    public List<JsonRpcValue> elements() {
        List<?> list = expect(List.class, "an array");
        List<JsonRpcValue> views = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            views.add(new JsonRpcValue(path + "[" + i + "]", list.get(i)));
        }
        return Collections.unmodifiableList(views);
    }

    /** The member names of an object, in wire order. */
    @SuppressWarnings("unchecked")
    public Set<String> fieldNames() {
        return ((Map<String, ?>) expect(Map.class, "an object")).keySet();
    }

    /** The string; fails for anything else (including numbers). */
    public String asString() {
        return expect(String.class, "a string");
    }

    /** The boolean. */
    public boolean asBoolean() {
        return expect(Boolean.class, "a boolean");
    }

    /** The number as a long; fails for fractions and integers outside the long range. */
    public long asLong() {
        Number number = expect(Number.class, "a number");
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        try {
            return new BigDecimal(number.toString()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid("an integer in the 64-bit range", number);
        }
    }

    /** The number as an int; fails outside the int range. */
    public int asInt() {
        long v = asLong();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid("an integer in the 32-bit range", v);
        }
        return (int) v;
    }

    /** The number as a BigInteger; fails for fractions. */
    public BigInteger asBigInteger() {
        Number number = expect(Number.class, "a number");
        if (number instanceof BigInteger big) {
            return big;
        }
        try {
            return new BigDecimal(number.toString()).toBigIntegerExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid("an integer", number);
        }
    }

    /** The number as a double. */
    public double asDouble() {
        return expect(Number.class, "a number").doubleValue();
    }

    private <T> T expect(Class<T> type, String expected) {
        if (!type.isInstance(value)) {
            throw invalid(expected, value);
        }
        return type.cast(value);
    }

    private JsonRpcException invalid(String expected, Object found) {
        return JsonRpcException.invalidParams(path + ": expected " + expected + ", found " + describe(found));
    }

    private static String describe(Object found) {
        if (found == null) {
            return "nothing";
        }
        if (found instanceof String) {
            return "a string";
        }
        if (found instanceof Boolean) {
            return "a boolean";
        }
        if (found instanceof Number n) {
            return "the number " + n;
        }
        return found instanceof List<?> ? "an array" : "an object";
    }
}
