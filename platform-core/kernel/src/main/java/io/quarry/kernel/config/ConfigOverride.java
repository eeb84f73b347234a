package io.quarry.kernel.config;

import io.quarry.api.config.ConfigException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One value set on the command line, ranking above the environment and the file. The value is read as a TOML
 * value literal ({@code 4}, {@code true}, {@code ["a","b"]}, {@code "x"}, {@code { a = "b" }}) and, when it is
 * not one, as a plain string ({@code /tmp/x}); for a list key {@code a,b} also works.
 *
 * @param key dotted {@code section.key}, for example {@code randomx-cluster.threads}
 * @param rawValue the value as typed
 * @param source the option it came from, as error messages and {@code config show} name it: {@code --set}, or
 *     a named option such as {@code --data-dir}
 */
public record ConfigOverride(String key, String rawValue, String source) {

    /** The source of values given with {@code --set section.key=value}. */
    public static final String SET = "--set";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*\\.[A-Za-z0-9_]+");

    public ConfigOverride {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rawValue, "rawValue");
        Objects.requireNonNull(source, "source");
        if (!KEY.matcher(key).matches()) {
            throw new ConfigException(key, source + " needs a key of the form section.key (e.g. node.data_dir), was \""
                    + key + "\"");
        }
    }

    /** An override from a named option, e.g. {@code named("node.data_dir", "/srv/quarry", "--data-dir")}. */
    public static ConfigOverride named(String key, String value, String option) {
        return new ConfigOverride(key, value, option);
    }

    /**
     * Parses the argument of {@code --set}: {@code section.key=value}. Only the first '=' separates, so the
     * value may contain more ({@code --set x.url=http://h/?a=b}).
     *
     * @throws ConfigException when there is no '=' or the key is not {@code section.key}
     */
    public static ConfigOverride parseSet(String text) {
        Objects.requireNonNull(text, "text");
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new ConfigException(null, SET + " expects section.key=value, was \"" + text + "\"");
        }
        return new ConfigOverride(text.substring(0, eq).trim(), text.substring(eq + 1), SET);
    }

    /** The table this override sets a key of ({@code randomx-cluster}). */
    public String section() {
        return key.substring(0, key.indexOf('.'));
    }

    /** The key within the table ({@code threads}). */
    public String name() {
        return key.substring(key.indexOf('.') + 1);
    }
}
