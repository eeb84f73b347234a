package io.quarry.kernel.health;

import io.quarry.api.PluginState;
import java.util.List;

/**
 * What {@code GET /health} answers.
 *
 * @param status {@code UP} when every enabled plugin started, {@code DEGRADED} when one failed
 * @param nodeId the node id
 * @param name the node name
 * @param version the Quarry version
 * @param uptimeSeconds seconds since the node started
 * @param plugins every installed plugin
 */
public record HealthReport(String status, String nodeId, String name, String version, double uptimeSeconds,
        List<PluginReport> plugins) {

    /** The report, with the status worked out from the plugins. */
    public static HealthReport of(String nodeId, String name, String version, double uptimeSeconds,
            List<PluginReport> plugins) {
        boolean failed = plugins.stream().anyMatch(p -> p.state() == PluginState.FAILED);
        return new HealthReport(failed ? "DEGRADED" : "UP", nodeId, name, version, uptimeSeconds, plugins);
    }
}
