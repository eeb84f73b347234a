package io.quarry.kernel.config;

import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Reads an environment or command-line value as a TOML value literal ({@code 4}, {@code true},
 * {@code ["a","b"]}, {@code "x"}, {@code { a = "b" }}), so the same syntax works everywhere. Anything that is
 * not one literal is taken as a plain string: {@code /tmp/x} and {@code a=b} need no quoting.
 */
final class TomlLiteral {

    private static final String KEY = "v";

    private TomlLiteral() {
    }

    /** A tomlj value (String, Long, Double, Boolean, TomlArray, TomlTable, a date/time) or {@code raw} itself. */
    static Object parse(String raw) {
        if (raw.isBlank()) {
            return raw;
        }
        TomlDepth.check(raw, "the command-line or environment value '" + preview(raw) + "'");
        TomlParseResult result = Toml.parse(KEY + " = " + raw);
        // More than one key means the raw text smuggled in a line break and a second assignment: not one literal.
        if (result.hasErrors() || result.size() != 1 || !result.contains(KEY)) {
            return raw;
        }
        return result.get(KEY);
    }

    private static String preview(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
