package io.quarry.kernel.plugin;

import io.quarry.api.QuarryPlugin;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A plugin whose classes are already on the kernel's class path, as in plugin unit tests run by the testkit.
 *
 * @param id the plugin id
 * @param version the version to report
 * @param factory makes the plugin instance
 */
public record InProcessPlugin(String id, String version, Supplier<? extends QuarryPlugin> factory) {

    public InProcessPlugin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(factory, "factory");
    }
}
