package io.quarry.api;

import io.quarry.api.config.ConfigSpec;
import java.util.Optional;

/**
 * The entry point of a Quarry plugin, named by {@code plugin.class} in the plugin's descriptor.
 *
 * <p>The kernel drives every plugin through the same lifecycle:
 * <ol>
 *   <li>{@link #init(NodeContext)}: bind configuration, register protocols, routes, meters and miners.
 *       Start no threads and open no sockets here.</li>
 *   <li>{@link #start()}: begin work. Called only after every enabled plugin's {@code init} returned.</li>
 *   <li>{@link #stop()}: release everything {@code start} acquired. Called in reverse start order at
 *       shutdown; must be safe to call after a failed {@code start}.</li>
 * </ol>
 * A plugin whose {@code init} or {@code start} throws is marked {@link PluginState#FAILED} and reported at
 * {@code /health}; the node keeps serving the other plugins.
 *
 * <p>Implementations need a public no-argument constructor.
 */
public interface QuarryPlugin {

    /**
     * The shape of this plugin's configuration table, used to validate {@code quarry.toml} (for example by
     * {@code quarry config check}) without starting the plugin. Plugins with no settings keep the default.
     */
    default ConfigSpec<?> configSpec() {
        return ConfigSpec.none();
    }

    /** Binds configuration and registers everything the plugin offers; starts no threads. */
    void init(NodeContext context);

    /** Starts the plugin's work. */
    void start();

    /** Stops the plugin's work and releases its resources; harmless when already stopped. */
    void stop();

    /**
     * A picocli {@code @Command}-annotated object contributing this plugin's verbs ({@code quarry storage ...}),
     * or empty when the plugin has no command-line verbs.
     */
    default Optional<Object> command() {
        return Optional.empty();
    }
}
