package io.quarry.kernel.config;

/**
 * One effective configuration value, as {@code config show} and the HTTP view report it.
 *
 * @param key dotted {@code section.key}
 * @param value a plain value (String, Number, Boolean, List, Map) ready for JSON; secrets are {@code "********"}
 * @param source where it came from: {@code default}, {@code quarry.toml:12}, {@code env QUARRY_X}, {@code --set}
 */
public record ConfigEntry(String key, Object value, String source) {
}
