package io.quarry.kernel.config;

import io.quarry.api.config.ConfigSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kernel's own tables, bound together.
 *
 * @param node {@code [node]}
 * @param http {@code [http]}
 * @param transport {@code [transport]}
 * @param plugins {@code [plugins]}
 * @param log {@code [log]}
 * @param store {@code [store]}
 */
public record KernelConfig(NodeConfig node, HttpConfig http, TransportConfig transport, PluginsConfig plugins,
        LogConfig log, StoreConfig store) {

    /** The kernel's sections and their specs, in the order {@code config show} prints them. */
    public static final Map<String, ConfigSpec<?>> SPECS = specs();

    /** Binds every kernel section of {@code config}. */
    public static KernelConfig bind(Config config) {
        return new KernelConfig(
                config.bind(NodeConfig.SECTION, NodeConfig.SPEC),
                config.bind(HttpConfig.SECTION, HttpConfig.SPEC),
                config.bind(TransportConfig.SECTION, TransportConfig.SPEC),
                config.bind(PluginsConfig.SECTION, PluginsConfig.SPEC),
                config.bind(LogConfig.SECTION, LogConfig.SPEC),
                config.bind(StoreConfig.SECTION, StoreConfig.SPEC));
    }

    private static Map<String, ConfigSpec<?>> specs() {
        Map<String, ConfigSpec<?>> specs = new LinkedHashMap<>();
        specs.put(NodeConfig.SECTION, NodeConfig.SPEC);
        specs.put(HttpConfig.SECTION, HttpConfig.SPEC);
        specs.put(TransportConfig.SECTION, TransportConfig.SPEC);
        specs.put(PluginsConfig.SECTION, PluginsConfig.SPEC);
        specs.put(LogConfig.SECTION, LogConfig.SPEC);
        specs.put(StoreConfig.SECTION, StoreConfig.SPEC);
        return Collections.unmodifiableMap(specs);
    }
}
