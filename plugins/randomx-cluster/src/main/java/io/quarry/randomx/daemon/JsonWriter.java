package io.quarry.randomx.daemon;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Compact JSON for monerod request bodies; the counterpart of {@link Json}, with the same value types. */
final class JsonWriter {

    private JsonWriter() {
    }

    /** Writes maps (string keys), lists, strings, numbers, booleans and nulls as compact JSON. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, int depth) {
        if (depth > Json.MAX_DEPTH) {
            throw new IllegalArgumentException("value nested deeper than " + Json.MAX_DEPTH);
        }
        switch (value) {
            case null -> out.append("null");
            case String s -> quote(s, out);
            case Boolean b -> out.append(b);
            case Double d -> out.append(finite(d));
            case Float f -> out.append(finite(f.doubleValue()));
            case Long l -> out.append(l);
            case Integer i -> out.append(i);
            case Short s -> out.append(s);
            case Byte b -> out.append(b);
            case BigInteger big -> out.append(big);
            case BigDecimal dec -> out.append(dec.toString());
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!(entry.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON member names are strings, not " + entry.getKey());
                    }
                    out.append(first ? "" : ",");
                    first = false;
                    quote(key, out);
                    out.append(':');
                    write(entry.getValue(), out, depth + 1);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(list.get(i), out, depth + 1);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static double finite(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        return d;
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
