package io.quarry.kernel.config;

import io.quarry.api.config.HostPort;
import io.quarry.api.config.Secret;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns bound values into plain, JSON- and TOML-friendly values (String, Number, Boolean, List, Map), with
 * {@link Secret} components masked at any depth, for {@code config show} and the HTTP view.
 */
final class PlainValues {

    /** What a secret prints as, whatever its type. */
    static final String MASK = "********";

    private PlainValues() {
    }

    static Object of(Object value, boolean secret) {
        if (secret) {
            return MASK;
        }
        if (value == null) {
            return "";
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof HostPort hostPort) {
            return hostPort.toString();
        }
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() ? of(optional.get(), false) : "";
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(of(item, false)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), of(v, false)));
            return out;
        }
        if (value instanceof Record record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                out.put(Keys.tomlKey(c.getName()), of(Records.get(c, record), c.isAnnotationPresent(Secret.class)));
            }
            return out;
        }
        return value.toString();
    }
}
