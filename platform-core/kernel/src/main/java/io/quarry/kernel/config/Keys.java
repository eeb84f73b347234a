package io.quarry.kernel.config;

import java.util.Locale;

/** How record component names map to TOML keys and environment variable names. */
final class Keys {

    private Keys() {
    }

    /** {@code maxStorageGb} is {@code max_storage_gb}; {@code maxWsMessageBytes} is {@code max_ws_message_bytes}. */
    static String tomlKey(String componentName) {
        StringBuilder out = new StringBuilder(componentName.length() + 4);
        for (int i = 0; i < componentName.length(); i++) {
            char c = componentName.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLower = i > 0 && !Character.isUpperCase(componentName.charAt(i - 1));
                // An acronym ("rpcURL") stays one word until the next lower-case letter starts a new one.
                boolean acronymEnd = i > 0 && Character.isUpperCase(componentName.charAt(i - 1))
                        && i + 1 < componentName.length() && Character.isLowerCase(componentName.charAt(i + 1));
                if (afterLower || acronymEnd) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code randomx-cluster} is {@code QUARRY_RANDOMX_CLUSTER_}. */
    static String envPrefix(String section) {
        return "QUARRY_" + section.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_";
    }

    /** {@code (randomx-cluster, threads)} is {@code QUARRY_RANDOMX_CLUSTER_THREADS}. */
    static String envName(String section, String key) {
        return envPrefix(section) + key.toUpperCase(Locale.ROOT);
    }

    /** A key as it may be written in TOML: bare when it can be, quoted otherwise. */
    static String quoteIfNeeded(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : TomlText.quote(key);
    }
}
