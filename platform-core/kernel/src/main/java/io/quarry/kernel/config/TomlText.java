package io.quarry.kernel.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** Writes values (tomlj values or the plain Java values of {@link PlainValues}) as TOML value text. */
final class TomlText {

    private TomlText() {
    }

    /** A TOML basic string, escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The value as TOML: strings quoted, arrays {@code [a, b]}, tables inline {@code { k = v }}. */
    static String render(Object value) {
        if (value == null) {
            return "\"\"";
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Double d) {
            return renderDouble(d);
        }
        if (value instanceof Float f) {
            return renderDouble(f.doubleValue());
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof TomlArray array) {
            return renderList(array.toList());
        }
        if (value instanceof Collection<?> list) {
            return renderList(list);
        }
        if (value instanceof TomlTable table) {
            List<String> parts = new ArrayList<>();
            table.entrySet().forEach(e -> parts.add(Keys.quoteIfNeeded(e.getKey()) + " = " + render(e.getValue())));
            return inlineTable(parts);
        }
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(Keys.quoteIfNeeded(String.valueOf(k)) + " = " + render(v)));
            return inlineTable(parts);
        }
        // Dates and times print in TOML's own (ISO 8601) form.
        return value.toString();
    }

    private static String renderList(Collection<?> items) {
        List<String> parts = new ArrayList<>();
        items.forEach(item -> parts.add(render(item)));
        return "[" + String.join(", ", parts) + "]";
    }

    private static String inlineTable(List<String> parts) {
        return parts.isEmpty() ? "{}" : "{ " + String.join(", ", parts) + " }";
    }

    private static String renderDouble(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return Double.toString(d);
    }
}
