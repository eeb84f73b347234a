package io.quarry.kernel.plugin;

import io.quarry.api.config.ConfigSpec;

/** Binds one plugin's configuration table; the kernel's implementation applies file, env and CLI values. */
@FunctionalInterface
public interface ConfigBinder {

    /** The bound record, or a ConfigException naming the key and where the bad value came from. */
    <R extends Record> R bind(ConfigSpec<R> spec);
}
