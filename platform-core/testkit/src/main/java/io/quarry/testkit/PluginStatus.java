package io.quarry.testkit;

import io.quarry.api.PluginState;
import java.util.Optional;

/**
 * One plugin on a {@link TestNode}, as {@code /health} and {@code quarry plugins list} report it.
 *
 * @param id the plugin id
 * @param version the plugin's version (from its descriptor, or {@code 0.0.0-test} for class-path plugins)
 * @param state where it is in its lifecycle
 * @param error why it FAILED, when it did
 * @param classLoader the class loader its classes came from (a plugin zip gets one of its own)
 */
public record PluginStatus(String id, String version, PluginState state, Optional<String> error,
                           ClassLoader classLoader) {
}
