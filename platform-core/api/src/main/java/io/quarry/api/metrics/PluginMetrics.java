package io.quarry.api.metrics;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The node's Micrometer registry as one plugin sees it: every meter registered through {@link #registry()}
 * carries the tag {@code plugin=<id>} and shows at {@code /metrics} in Prometheus text.
 */
public interface PluginMetrics {

    /** The registry to register meters on. */
    MeterRegistry registry();

    /**
     * The conventional name for a plugin meter: {@code quarry.<plugin id with dots>.<suffix>}, which
     * Prometheus shows as {@code quarry_<plugin>_<suffix>}. Plugins whose protocol spec fixes meter names use those
     * names directly instead.
     */
    String name(String suffix);
}
