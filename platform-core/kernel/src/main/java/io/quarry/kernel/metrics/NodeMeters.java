package io.quarry.kernel.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerStats;
import io.quarry.kernel.health.HealthReport;
import io.quarry.kernel.health.PluginReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's health and every miner's figures as meters, so Prometheus sees what {@code /health} and the
 * dashboard show: {@code quarry_node_up}, {@code quarry_plugin_state}, {@code quarry_miner_state},
 * {@code quarry_miner_hashrate_hashes_per_second} and {@code quarry_miner_shares}. Refreshed on each scrape, since plugins and
 * miners come and go.
 */
public final class NodeMeters {

    private final MultiGauge nodeUp;
    private final MultiGauge pluginState;
    private final MultiGauge minerState;
    private final MultiGauge hashrate;
    private final MultiGauge shares;

    public NodeMeters(MeterRegistry registry) {
        nodeUp = MultiGauge.builder("quarry.node.up")
                .description("1 when /health says UP (every enabled plugin started, no miner FAILED or UNAVAILABLE)")
                .register(registry);
        pluginState = MultiGauge.builder("quarry.plugin.state")
                .description("1 for each plugin's current lifecycle state").register(registry);
        minerState = MultiGauge.builder("quarry.miner.state")
                .description("1 for each miner's current state").register(registry);
        hashrate = MultiGauge.builder("quarry.miner.hashrate").baseUnit("hashes per second")
                .description("Each miner's hashrate over the last 60 seconds").register(registry);
        shares = MultiGauge.builder("quarry.miner.shares")
                .description("Shares each miner has had accepted, rejected or stale since it was registered")
                .register(registry);
    }

    /** Sets every meter from the node's health and its miners. */
    public void refresh(HealthReport health, List<Miner> miners) {
        nodeUp.register(List.of(MultiGauge.Row.of(Tags.of("status", health.status()), health.up() ? 1 : 0)), true);
        List<MultiGauge.Row<?>> plugins = new ArrayList<>();
        for (PluginReport plugin : health.plugins()) {
            plugins.add(MultiGauge.Row.of(Tags.of("plugin", plugin.id(), "state", plugin.state().name()), 1));
        }
        pluginState.register(plugins, true);
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> rates = new ArrayList<>();
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        for (Miner miner : miners) {
            try {
                Tags tags = Tags.of("miner", miner.id(), "kind", miner.kind());
                states.add(MultiGauge.Row.of(tags.and("state", miner.state().name()), 1));
                MinerStats stats = miner.stats();
                rates.add(MultiGauge.Row.of(tags, stats.hashrate().sixtySeconds()));
                counts.add(MultiGauge.Row.of(tags.and("result", "accepted"), stats.sharesAccepted()));
                counts.add(MultiGauge.Row.of(tags.and("result", "rejected"), stats.sharesRejected()));
                counts.add(MultiGauge.Row.of(tags.and("result", "stale"), stats.sharesStale()));
            } catch (RuntimeException e) {
                // A miner that cannot report is shown by /health; its meters are left out until it can.
            }
        }
        minerState.register(states, true);
        hashrate.register(rates, true);
        shares.register(counts, true);
    }
}
