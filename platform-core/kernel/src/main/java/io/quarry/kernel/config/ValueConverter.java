package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.HostPort;
import io.quarry.api.config.Range;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Converts one TOML value to the Java type of a record component, with errors that name the full key path
 * ({@code randomx-cluster.pools[1].url}) and where the value came from.
 *
 * <p>Supported: String, int, long, double, boolean (and boxed), enums (case-insensitive, {@code -} for
 * {@code _}), {@link HostPort} (from {@code "host:port"}), {@code Optional<T>} (an empty string is empty),
 * {@code List<T>}, {@code Map<String, T>} and nested records.
 */
final class ValueConverter {

    private ValueConverter() {
    }

    /**
     * @param value a tomlj value, or a plain string when an env/CLI value was not a TOML literal
     * @param raw the env/CLI text as given, or null for file values and nested items; a String key takes it
     *     verbatim ({@code QUARRY_NODE_NAME=1234} is the name "1234") and a list may be comma-separated
     * @param base the default value to fill keys a nested table leaves out, or null
     */
    static Object convert(Object value, String raw, Type type, String path, ValueSource source, Object base) {
        Class<?> cls = rawClass(type);
        if (cls == String.class) {
            if (value instanceof String s) {
                return s;
            }
            if (raw != null) {
                return raw;
            }
            throw wrongType(path, "a string", value, source);
        }
        if (cls == int.class || cls == Integer.class) {
            long l = integer(value, path, source);
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new ConfigException(path, path + " must be an integer between " + Integer.MIN_VALUE + " and "
                        + Integer.MAX_VALUE + ", was " + l + " " + source.describe());
            }
            return (int) l;
        }
        if (cls == long.class || cls == Long.class) {
            return integer(value, path, source);
        }
        if (cls == double.class || cls == Double.class) {
            if (value instanceof Double d) {
                return d;
            }
            if (value instanceof Long l) {
                return l.doubleValue();
            }
            throw wrongType(path, "a number", value, source);
        }
        if (cls == boolean.class || cls == Boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw wrongType(path, "true or false", value, source);
        }
        if (cls.isEnum()) {
            return enumValue(cls, value, path, source);
        }
        if (cls == HostPort.class) {
            return hostPort(value, raw, path, source);
        }
        if (cls == Optional.class) {
            if (value instanceof String s && s.isBlank() || value == null && raw != null && raw.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(convert(value, raw, typeArgument(type, 0), path, source, null));
        }
        if (cls == List.class) {
            return list(value, raw, typeArgument(type, 0), path, source);
        }
        if (cls == Map.class) {
            if (typeArgument(type, 0) != String.class) {
                throw new IllegalArgumentException("config maps need String keys: " + type + " at " + path);
            }
            return map(value, typeArgument(type, 1), path, source);
        }
        if (cls.isRecord()) {
            if (value instanceof TomlTable table) {
                return record(cls, table, path, source, base);
            }
            throw wrongType(path, "a table", value, source);
        }
        throw new IllegalArgumentException("unsupported config type " + type.getTypeName() + " at " + path);
    }

    /** Fails when a number is outside the component's {@link Range}. */
    static void checkRange(RecordComponent component, Object value, String path, ValueSource source) {
        Range range = component.getAnnotation(Range.class);
        if (range == null || !(value instanceof Number n)) {
            return;
        }
        boolean low = n instanceof Double || n instanceof Float ? n.doubleValue() < range.min() : n.longValue() < range.min();
        boolean high = n instanceof Double || n instanceof Float ? n.doubleValue() > range.max() : n.longValue() > range.max();
        if (!low && !high) {
            return;
        }
        boolean bothBounds = range.min() != Long.MIN_VALUE && range.max() != Long.MAX_VALUE;
        String bound = bothBounds ? "between " + range.min() + " and " + range.max()
                : low ? ">= " + range.min() : "<= " + range.max();
        throw new ConfigException(path, path + " must be " + bound + ", was " + n + " " + source.describe());
    }

    /** A nested table bound to a record; keys it leaves out come from {@code base} or the type's own defaults. */
    static Object record(Class<?> type, TomlTable table, String path, ValueSource source, Object base) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> keys = Arrays.stream(components).map(c -> Keys.tomlKey(c.getName())).toList();
        for (String key : table.keySet()) {
            if (!keys.contains(key)) {
                throw unknownKey(path + "." + Keys.quoteIfNeeded(key), source.at(table.inputPositionOf(List.of(key))), keys);
            }
        }
        Object defaults = base != null ? base : Records.staticDefaults(type);
        Object[] args = new Object[components.length];
        Map<String, ValueSource> sources = new HashMap<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = keys.get(i);
            String keyPath = path + "." + key;
            Object fallback = defaults == null ? null : Records.get(c, (Record) defaults);
            if (table.contains(List.of(key))) {
                ValueSource at = source.at(table.inputPositionOf(List.of(key)));
                args[i] = SecretValues.convert(c, table.get(List.of(key)), null, keyPath, at, fallback);
                checkRange(c, args[i], keyPath, at);
                sources.put(key, at);
            } else if (defaults != null) {
                args[i] = fallback;
            } else {
                throw new ConfigException(keyPath, keyPath + " is required " + source.describe());
            }
        }
        return Records.construct(type, args, path, key -> key == null ? source : sources.getOrDefault(key,
                keys.contains(key) ? source : null));
    }

    static ConfigException unknownKey(String fullKey, ValueSource source, List<String> known) {
        String knownText = known.isEmpty() ? "none" : String.join(", ", known);
        return new ConfigException(fullKey, "unknown key " + fullKey + " " + source.describe() + "; known keys: "
                + knownText);
    }

    private static long integer(Object value, String path, ValueSource source) {
        if (value instanceof Long l) {
            return l;
        }
        throw wrongType(path, "an integer", value, source);
    }

    private static HostPort hostPort(Object value, String raw, String path, ValueSource source) {
        String text = value instanceof String s ? s : raw;
        if (text == null) {
            throw wrongType(path, "a \"host:port\" string", value, source);
        }
        try {
            return HostPort.parse(path, text.trim());
        } catch (ConfigException e) {
            throw new ConfigException(path, e.getMessage() + " " + source.describe(), e);
        }
    }

    private static Object enumValue(Class<?> type, Object value, String path, ValueSource source) {
        Object[] constants = type.getEnumConstants();
        List<String> names = Arrays.stream(constants).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                .toList();
        // "auto, fast or light": every allowed value, as the operator writes it.
        String choices = names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1))
                + " or " + names.get(names.size() - 1);
        if (value instanceof String s) {
            // "auto", "AUTO" and "Auto" all mean AUTO; "dry-run" means DRY_RUN.
            String wanted = s.trim().replace('-', '_');
            for (Object c : constants) {
                if (((Enum<?>) c).name().equalsIgnoreCase(wanted)) {
                    return c;
                }
            }
        }
        throw wrongType(path, choices, value, source);
    }

    private static List<Object> list(Object value, String raw, Type itemType, String path, ValueSource source) {
        List<Object> out = new ArrayList<>();
        if (value instanceof TomlArray array) {
            // tomlj's positions for array items are unreliable, so items keep the position of the array's key.
            for (int i = 0; i < array.size(); i++) {
                out.add(convert(array.get(i), null, itemType, path + "[" + i + "]", source, null));
            }
        } else if (raw != null && value instanceof String s) {
            // From env or CLI a list may also be written "a,b,c": friendlier in a shell than ["a","b","c"].
            String[] parts = s.isBlank() ? new String[0] : s.split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i].trim();
                out.add(convert(TomlLiteral.parse(part), part, itemType, path + "[" + i + "]", source, null));
            }
        } else {
            throw wrongType(path, "an array", value, source);
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> map(Object value, Type valueType, String path, ValueSource source) {
        if (!(value instanceof TomlTable table)) {
            throw wrongType(path, "a table", value, source);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        // Logger names have dots; written unquoted (io.quarry.x = "debug") TOML nests them, so flatten back.
        boolean flatten = !(rawClass(valueType) == Map.class || rawClass(valueType).isRecord());
        putEntries(out, "", table, flatten, valueType, path, source);
        return Collections.unmodifiableMap(out);
    }

    private static void putEntries(Map<String, Object> out, String prefix, TomlTable table, boolean flatten,
            Type valueType, String path, ValueSource source) {
        for (Map.Entry<String, Object> e : table.entrySet()) {
            String key = prefix + e.getKey();
            ValueSource at = source.at(table.inputPositionOf(List.of(e.getKey())));
            if (flatten && e.getValue() instanceof TomlTable nested) {
                putEntries(out, key + ".", nested, true, valueType, path, at);
            } else {
                out.put(key, convert(e.getValue(), null, valueType, path + "." + Keys.quoteIfNeeded(key), at, null));
            }
        }
    }

    private static ConfigException wrongType(String path, String expected, Object value, ValueSource source) {
        return new ConfigException(path, path + " must be " + expected + ", was " + TomlText.render(value) + " "
                + source.describe());
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalArgumentException("unsupported config type " + type.getTypeName());
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type arg = p.getActualTypeArguments()[index];
            if (arg instanceof Class<?> || arg instanceof ParameterizedType) {
                return arg;
            }
        }
        throw new IllegalArgumentException("config collections need concrete type arguments: " + type.getTypeName());
    }
}
