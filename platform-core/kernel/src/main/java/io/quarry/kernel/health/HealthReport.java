package io.quarry.kernel.health;

import io.quarry.api.PluginState;
import io.quarry.api.miner.MinerState;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /health} answers.
 *
 * <p>{@code UP} only when every enabled plugin is STARTED and none of its miners is FAILED or UNAVAILABLE;
 * otherwise {@code DEGRADED}, with one line per cause in {@code reasons}. An UNAVAILABLE miner counts against
 * the node whatever the cause (a missing native library or device, or a miner type the plugin does not
 * implement): the node cannot do work it was configured to do, and a load balancer or an alert should know.
 * A miner that the configuration deliberately leaves idle reports STOPPED, which does not degrade the node.
 * Disabled plugins do not count.
 *
 * @param status {@code UP} or {@code DEGRADED}
 * @param reasons why the node is not UP (empty when it is)
 * @param nodeId the node id
 * @param name the node name
 * @param version the Quarry version
 * @param runtime the Java runtime the node runs on (vendor and version)
 * @param uptimeSeconds seconds since the node started
 * @param plugins every installed plugin
 */
public record HealthReport(String status, List<String> reasons, String nodeId, String name, String version,
        String runtime, double uptimeSeconds, List<PluginReport> plugins) {

    /** The status of a node that is doing everything it was configured to do. */
    public static final String UP = "UP";
    /** The status of a node with at least one reason in {@link #reasons()}. */
    public static final String DEGRADED = "DEGRADED";

    public HealthReport {
        reasons = List.copyOf(reasons);
        plugins = List.copyOf(plugins);
    }

    /** The report, with the status and its reasons worked out from the plugins. */
    public static HealthReport of(String nodeId, String name, String version, String runtime, double uptimeSeconds,
            List<PluginReport> plugins) {
        List<String> reasons = reasons(plugins);
        return new HealthReport(reasons.isEmpty() ? UP : DEGRADED, reasons, nodeId, name, version, runtime,
                uptimeSeconds, plugins);
    }

    /** Whether the node is UP. */
    public boolean up() {
        return UP.equals(status);
    }

    static List<String> reasons(List<PluginReport> plugins) {
        List<String> reasons = new ArrayList<>();
        for (PluginReport plugin : plugins) {
            if (plugin.state() == PluginState.DISABLED) {
                continue;
            }
            if (plugin.state() == PluginState.FAILED) {
                reasons.add("plugin " + plugin.id() + " FAILED: " + plugin.error());
            } else if (plugin.state() != PluginState.STARTED) {
                reasons.add("plugin " + plugin.id() + " is " + plugin.state() + ", not STARTED");
            } else {
                for (PluginReport.MinerReport miner : plugin.miners()) {
                    if (miner.state().equals(MinerState.FAILED.name())
                            || miner.state().equals(MinerState.UNAVAILABLE.name())) {
                        String detail = miner.detail() == null || miner.detail().isBlank() ? "" : ": " + miner.detail();
                        reasons.add("miner " + miner.id() + " " + miner.state() + detail);
                    }
                }
            }
        }
        return reasons;
    }
}
