package io.quarry.poies.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Strict reads from one JSON object: every member required, none unknown, no type coercion (a number is never
 * read from a string or the other way round). Failures are {@link SchemaException}s naming the member's path.
 */
final class JsonFields {

    private final ObjectNode node;
    private final String path;

    private JsonFields(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The object {@code value} at {@code path} (empty path for the document itself). */
    static JsonFields of(JsonNode value, String path) {
        if (!(value instanceof ObjectNode object)) {
            throw new SchemaException(label(path) + ": expected an object, found " + kind(value));
        }
        return new JsonFields(object, path);
    }

    /** Requires exactly {@code keys}, no more and no fewer. */
    JsonFields exactly(String... keys) {
        Set<String> expected = new LinkedHashSet<>(Arrays.asList(keys));
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!expected.contains(name)) {
                throw new SchemaException(at(name) + ": unknown member (expected " + expected + ")");
            }
        }
        for (String key : keys) {
            if (!node.has(key) || node.get(key).isNull()) {
                throw new SchemaException(at(key) + ": missing");
            }
        }
        return this;
    }

    /** A non-negative integer that fits in a signed 64-bit long. */
    long u63(String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isIntegralNumber()) {
            throw new SchemaException(at(key) + ": expected an integer, found " + kind(value));
        }
        if (!value.canConvertToLong() || value.longValue() < 0) {
            throw new SchemaException(at(key) + ": must be in [0, 2^63-1], was " + value.asText());
        }
        return value.longValue();
    }

    /** A string. */
    String text(String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual()) {
            throw new SchemaException(at(key) + ": expected a string, found " + kind(value));
        }
        return value.textValue();
    }

    /** {@code 0x}-hex of exactly {@code length} bytes. */
    Bytes hex(String key, int length) {
        return Bytes.parseHex(text(key), length, at(key));
    }

    /**
     * A non-negative decimal number with at most six decimal places, as an exact count of millionths:
     * {@code 2.5} is 2,500,000.
     */
    long micro(String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isNumber()) {
            throw new SchemaException(at(key) + ": expected a number, found " + kind(value));
        }
        try {
            BigDecimal decimal = value.isFloatingPointNumber() && !value.isBigDecimal()
                    ? BigDecimal.valueOf(finite(key, value.doubleValue())) // a double's shortest decimal form
                    : value.decimalValue();
            if (decimal.signum() < 0) {
                throw new SchemaException(at(key) + ": must be >= 0, was " + decimal.toPlainString());
            }
            return decimal.movePointRight(6).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new SchemaException(at(key) + ": expected a number with at most 6 decimal places below 9.2e12,"
                    + " found " + preview(value.asText()));
        }
    }

    /** A nested object. */
    JsonFields object(String key) {
        return of(node.get(key), at(key));
    }

    /** An array of at most {@code maxSize} elements. */
    ArrayNode array(String key, int maxSize) {
        JsonNode value = node.get(key);
        if (!(value instanceof ArrayNode array)) {
            throw new SchemaException(at(key) + ": expected an array, found " + kind(value));
        }
        if (array.size() > maxSize) {
            throw new SchemaException(at(key) + ": at most " + maxSize + " elements, found " + array.size());
        }
        return array;
    }

    /** The raw member (present, since {@link #exactly} checked it). */
    JsonNode get(String key) {
        return node.get(key);
    }

    /** The object itself. */
    ObjectNode node() {
        return node;
    }

    /** {@code error} with {@code path} put in front of the path its message starts with. */
    static SchemaException under(String path, SchemaException error) {
        return path.isEmpty() ? error : new SchemaException(path + "." + error.getMessage(), error);
    }

    /** The path of member {@code key}, for messages. */
    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private double finite(String key, double value) {
        if (!Double.isFinite(value)) {
            throw new SchemaException(at(key) + ": must be a finite number");
        }
        return value;
    }

    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        return switch (value.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> value.isIntegralNumber() ? "an integer" : "a decimal number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY -> "binary data";
            case MISSING -> "nothing";
        };
    }

    private static String label(String path) {
        return path.isEmpty() ? "document" : path;
    }

    private static String preview(String text) {
        return text.length() <= 24 ? text : text.substring(0, 24) + "...";
    }
}
