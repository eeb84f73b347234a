package io.quarry.api;

/** Where a plugin is in its lifecycle, as {@code /health} and {@code quarry plugins list} report it. */
public enum PluginState {
    /** Installed but not named in {@code plugins.enabled}; never initialised. */
    DISABLED,
    /** Enabled and loaded; {@code init} has not run yet. */
    LOADED,
    /** {@code init} returned. */
    INITIALIZED,
    /** {@code start} returned; the plugin is working. */
    STARTED,
    /** {@code stop} ran. */
    STOPPED,
    /** Loading, configuration, {@code init} or {@code start} threw; the reason is reported beside it. */
    FAILED
}
