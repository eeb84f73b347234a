package io.quarry.kernel.plugin;

import io.quarry.api.config.ConfigSpec;
import java.util.Map;

/** Binds one plugin's configuration table; the kernel's implementation applies file, env and CLI values. */
public interface ConfigBinder {

    /** The bound record, or a ConfigException naming the key and where the bad value came from. */
    <R extends Record> R bind(ConfigSpec<R> spec);

    /** The table bound with {@code overlay} laid over every other source (a miner profile); see {@code NodeContext}. */
    <R extends Record> R bind(ConfigSpec<R> spec, Map<String, ?> overlay);
}
