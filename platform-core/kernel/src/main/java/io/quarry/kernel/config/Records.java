package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.ConfigSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.function.Function;

/** Reflection over config records: reading components, finding defaults, calling the canonical constructor. */
final class Records {

    private Records() {
    }

    static Object get(RecordComponent component, Record record) {
        try {
            Method accessor = component.getAccessor();
            // Records declared inside a test or a non-public class have non-public accessors.
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("accessor " + component + " failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    /**
     * Defaults for a record that appears without a parent default (an item of a list of records): a public
     * static field of the record's own class holding either an instance ({@code DEFAULTS}) or its
     * {@code ConfigSpec}. Null when there is none, which makes every key of such an item required.
     */
    static Object staticDefaults(Class<?> type) {
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            try {
                if (field.getType() == type) {
                    return field.get(null);
                }
                if (field.getType() == ConfigSpec.class && field.get(null) instanceof ConfigSpec<?> spec
                        && spec.type() == type) {
                    return spec.defaults();
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field, e);
            }
        }
        return null;
    }

    /**
     * Calls the canonical constructor. A {@link ConfigException} it throws gets the source of the key it names
     * appended, and a bare key is qualified with {@code path}. {@code sourceOfKey} maps a TOML key of this
     * record to where its value came from (null for a key it does not have), and null to the record's source.
     */
    static <R> R construct(Class<R> type, Object[] args, String path, Function<String, ValueSource> sourceOfKey) {
        Constructor<R> constructor;
        try {
            Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw translate(e.getCause(), path, sourceOfKey);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type, e);
        }
    }

    private static RuntimeException translate(Throwable cause, String path, Function<String, ValueSource> sourceOfKey) {
        if (cause instanceof ConfigException ce) {
            String named = ce.key().orElse(null);
            String local = named == null ? null : localKey(named, path);
            ValueSource source = local == null ? null : sourceOfKey.apply(local);
            if (source == null) {
                // The key is not one of this record's (or none was named): blame the record as a whole.
                local = null;
                source = sourceOfKey.apply(null);
            }
            String fullKey = local != null ? path + "." + local : named != null ? named : path;
            String message = ce.getMessage();
            // A nested record's constructor only knows its own key ("url"); say where it sits ("x.pools[1].url").
            if (local != null && named.equals(local) && message.startsWith(local + " ")) {
                message = fullKey + message.substring(local.length());
            }
            return new ConfigException(fullKey, message + " " + source.describe(), ce);
        }
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return new ConfigException(path, path + ": " + cause.getMessage() + " " + sourceOfKey.apply(null).describe(),
                    cause);
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }

    /** The key of this record that {@code named} refers to ("url" or "x.pools[1].url" give "url"), else null. */
    private static String localKey(String named, String path) {
        if (named.startsWith(path + ".")) {
            String rest = named.substring(path.length() + 1);
            return rest.isEmpty() ? null : rest;
        }
        if (named.equals(path)) {
            return null;
        }
        int dot = named.lastIndexOf('.');
        return dot < 0 ? named : named.substring(dot + 1);
    }
}
