package io.quarry.api.config;

import java.util.Objects;

/**
 * The shape of one configuration table: the record type it binds to and the defaults used for every key the
 * operator does not set.
 *
 * <p>Record component names are camelCase; their TOML keys are the snake_case form
 * ({@code maxStorageGb} is {@code max_storage_gb}). Components may be annotated with {@link Env}, {@link Range}
 * and {@link Secret}. A compact constructor may reject combinations of values by throwing
 * {@link ConfigException} naming the key.
 *
 * <p>Component types: {@code String}, {@code int}, {@code long}, {@code double}, {@code boolean}, enums (the
 * value is the constant's name in any case, {@code -} for {@code _}; an unknown value is refused with a message
 * listing the allowed ones), {@link HostPort} ({@code "host:port"}, refused with the key and file line when
 * malformed), {@code Optional<T>} (an empty string is empty: an optional listener is off), {@code List<T>},
 * {@code Map<String, T>} and nested records. Let the type do the checking: an enum or a {@code HostPort}
 * component needs no hand check in the constructor.
 *
 * @param type the record type
 * @param defaults the values used where nothing else is configured
 * @param <R> the record type
 */
public record ConfigSpec<R extends Record>(Class<R> type, R defaults) {

    /** The spec of a plugin with no settings. */
    public record None() {
    }

    private static final ConfigSpec<None> NONE = new ConfigSpec<>(None.class, new None());

    public ConfigSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaults, "defaults");
        if (!type.isInstance(defaults)) {
            throw new IllegalArgumentException("defaults must be a " + type.getName() + ", was " + defaults.getClass());
        }
    }

    /** A spec binding {@code type} with {@code defaults}. */
    public static <R extends Record> ConfigSpec<R> of(Class<R> type, R defaults) {
        return new ConfigSpec<>(type, defaults);
    }

    /** The spec of a plugin with no settings: its table must be empty or absent. */
    public static ConfigSpec<None> none() {
        return NONE;
    }
}
