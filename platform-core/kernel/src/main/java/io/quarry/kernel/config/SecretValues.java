package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import io.quarry.api.config.Secret;
import java.lang.reflect.RecordComponent;

/**
 * Binds one record component, keeping a {@link Secret}'s value out of the error when it does not bind: a
 * password given as a number must not end up in a terminal, a log or a bug report.
 */
final class SecretValues {

    private SecretValues() {
    }

    /** {@link ValueConverter#convert} for component {@code c}; for a secret, an error that leaves the value out. */
    static Object convert(RecordComponent c, Object value, String raw, String path, ValueSource source,
            Object base) {
        if (!c.isAnnotationPresent(Secret.class)) {
            return ValueConverter.convert(value, raw, c.getGenericType(), path, source, base);
        }
        try {
            return ValueConverter.convert(value, raw, c.getGenericType(), path, source, base);
        } catch (ConfigException e) {
            throw new ConfigException(path, path + " must be " + expected(c) + "; the value given is not (it is a "
                    + "secret, so it is not shown) " + source.describe());
        }
    }

    private static String expected(RecordComponent c) {
        Class<?> type = c.getType();
        if (type == String.class) {
            return "a string";
        }
        if (type == long.class || type == int.class || type == Long.class || type == Integer.class) {
            return "an integer";
        }
        return "a " + type.getSimpleName();
    }
}
