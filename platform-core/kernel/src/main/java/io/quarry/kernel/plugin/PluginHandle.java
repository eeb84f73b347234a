package io.quarry.kernel.plugin;

import io.quarry.api.PluginState;
import io.quarry.api.QuarryPlugin;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One installed plugin as the kernel tracks it: what it is, where it came from and where it is in its
 * lifecycle. State changes only through {@link PluginHost}.
 */
public final class PluginHandle {

    private final String id;
    private final String version;
    private final String description;
    private final Path source;
    private final QuarryPlugin plugin;
    private final ClassLoader classLoader;
    private volatile PluginState state;
    private volatile String error;

    PluginHandle(String id, String version, String description, Path source, QuarryPlugin plugin,
            ClassLoader classLoader, PluginState state, String error) {
        this.id = Objects.requireNonNull(id, "id");
        this.version = version == null ? "unknown" : version;
        this.description = description == null ? "" : description;
        this.source = source;
        this.plugin = plugin;
        this.classLoader = classLoader;
        this.state = state;
        this.error = error;
    }

    /** The plugin id ({@code randomx-cluster}). */
    public String id() {
        return id;
    }

    /** The plugin's version from its descriptor. */
    public String version() {
        return version;
    }

    /** The plugin's one-line description. */
    public String description() {
        return description;
    }

    /** The zip, jar or directory it was loaded from; empty for in-process plugins. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** The plugin instance; empty when it could not be loaded. */
    public Optional<QuarryPlugin> plugin() {
        return Optional.ofNullable(plugin);
    }

    /** The class loader of the plugin's classes. */
    public ClassLoader classLoader() {
        return classLoader != null ? classLoader : PluginHandle.class.getClassLoader();
    }

    /** The lifecycle state. */
    public PluginState state() {
        return state;
    }

    /** Why the plugin FAILED; empty otherwise. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    void moveTo(PluginState next) {
        this.state = next;
        if (next != PluginState.FAILED) {
            this.error = null;
        }
    }

    void fail(String reason) {
        this.state = PluginState.FAILED;
        this.error = reason;
    }

    @Override
    public String toString() {
        return id + " " + version + " " + state + (error != null ? " (" + error + ")" : "");
    }
}
