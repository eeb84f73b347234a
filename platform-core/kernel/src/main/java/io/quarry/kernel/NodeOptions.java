package io.quarry.kernel;

import io.quarry.kernel.config.Config;
import io.quarry.kernel.plugin.InProcessPlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a node.
 *
 * @param config the loaded configuration (file, env and CLI already merged)
 * @param configFile the file it came from, used to resolve a relative {@code node.data_dir} set there
 * @param inProcessPlugins plugins already on the class path (the testkit's)
 * @param configureLogging whether the node owns the process's logging (true for {@code quarry run}, false
 *     when many nodes share one JVM in tests)
 * @param extraPluginRoots plugin directories besides the configured ones ({@code dist/plugins})
 */
public record NodeOptions(Config config, Optional<Path> configFile, List<InProcessPlugin> inProcessPlugins,
        boolean configureLogging, List<Path> extraPluginRoots) {

    public NodeOptions {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(configFile, "configFile");
        inProcessPlugins = List.copyOf(inProcessPlugins);
        extraPluginRoots = List.copyOf(extraPluginRoots);
    }
}
