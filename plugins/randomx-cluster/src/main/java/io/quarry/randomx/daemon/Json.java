package io.quarry.randomx.daemon;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader for monerod's HTTP JSON-RPC bodies. The kernel's Jackson is not on a
 * plugin's compile classpath and the JSON-RPC API only exposes parsed values for its line protocol, so the
 * daemon client carries this: RFC 8259 only (no comments, no trailing commas, no NaN, no leading zeros, no
 * control characters in strings), duplicate keys refused, nesting and number lengths bounded so a hostile or
 * broken endpoint cannot exhaust the stack or the CPU.
 *
 * <p>Values are what {@link io.quarry.api.jsonrpc.JsonRpcValue} views: {@code null}, {@code String},
 * {@code Boolean}, {@code Long} (or {@code BigInteger} beyond 64 bits), {@code Double} for numbers with a
 * fraction or exponent, unmodifiable {@code List} and {@code Map} (in document order). {@link JsonWriter}
 * writes request bodies.
 */
final class Json {

    /** Deep enough for any monerod answer, shallow enough that recursion never overflows the stack. */
    static final int MAX_DEPTH = 32;
    private static final int MAX_NUMBER_CHARS = 100;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** Parses one JSON value filling all of {@code text} (surrounding whitespace allowed). */
    static Object parse(String text) {
        Json reader = new Json(text);
        reader.whitespace();
        Object value = reader.value(0);
        reader.whitespace();
        if (reader.pos != text.length()) {
            throw new JsonFormatException("unexpected text after the value", reader.pos);
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new JsonFormatException("nested deeper than " + MAX_DEPTH, pos);
        }
        if (pos >= text.length()) {
            throw new JsonFormatException("unexpected end of input", pos);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw new JsonFormatException("unexpected character '" + printable(c) + "'", pos);
            }
        };
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        whitespace();
        if (peek('}')) {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            whitespace();
            if (!peek('"')) {
                throw new JsonFormatException("expected a member name", pos);
            }
            int at = pos;
            String key = string();
            whitespace();
            expect(':');
            whitespace();
            Object value = value(depth + 1);
            if (map.containsKey(key)) {
                throw new JsonFormatException("duplicate member \"" + key + "\"", at);
            }
            map.put(key, value);
            whitespace();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect('}');
            return Collections.unmodifiableMap(map);
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> list = new ArrayList<>();
        whitespace();
        if (peek(']')) {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            whitespace();
            list.add(value(depth + 1));
            whitespace();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect(']');
            return Collections.unmodifiableList(list);
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw new JsonFormatException("unterminated string", pos);
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw new JsonFormatException("control character in string", pos - 1);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new JsonFormatException("unterminated escape", pos);
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw new JsonFormatException("invalid escape \\" + printable(e), pos - 1);
            }
        }
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw new JsonFormatException("truncated \\u escape", pos);
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw new JsonFormatException("invalid \\u escape", pos);
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private Object number() {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        if (peek('0')) {
            pos++;
        } else if (!digits()) {
            throw new JsonFormatException("expected a digit", pos);
        }
        boolean integer = true;
        if (peek('.')) {
            pos++;
            integer = false;
            if (!digits()) {
                throw new JsonFormatException("expected a digit after '.'", pos);
            }
        }
        if (peek('e') || peek('E')) {
            pos++;
            integer = false;
            if (peek('+') || peek('-')) {
                pos++;
            }
            if (!digits()) {
                throw new JsonFormatException("expected an exponent", pos);
            }
        }
        if (pos - start > MAX_NUMBER_CHARS) {
            throw new JsonFormatException("number longer than " + MAX_NUMBER_CHARS + " characters", start);
        }
        String literal = text.substring(start, pos);
        if (!integer) {
            // Double.parseDouble copes with any exponent (to infinity or zero) in bounded time.
            double d = Double.parseDouble(literal);
            if (Double.isInfinite(d)) {
                throw new JsonFormatException("number out of range", start);
            }
            return d;
        }
        BigInteger big = new BigInteger(literal);
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private boolean digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw new JsonFormatException("unexpected literal", pos);
        }
        pos += word.length();
        return value;
    }

    private void whitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw new JsonFormatException("expected '" + c + "'", pos);
        }
        pos++;
    }

    private static String printable(char c) {
        return c < 0x20 || c > 0x7E ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
