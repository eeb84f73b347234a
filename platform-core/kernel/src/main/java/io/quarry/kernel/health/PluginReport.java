package io.quarry.kernel.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarry.api.PluginState;
import io.quarry.api.miner.Miner;
import io.quarry.kernel.http.PanelPage;
import io.quarry.kernel.plugin.PluginHandle;
import java.util.List;

/**
 * One plugin as {@code /health} and {@code quarry plugins list --json} show it.
 *
 * @param id plugin id
 * @param version plugin version
 * @param state lifecycle state
 * @param error why it FAILED (absent otherwise)
 * @param panel where its dashboard panel is served, e.g. {@code /plugins/randomx-cluster/} (absent without one)
 * @param pages the named pages of its panel, for the dashboard's navigation (absent when it named none)
 * @param miners the miners it registered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PluginReport(String id, String version, PluginState state, String error, String panel,
        List<PanelPage> pages, List<MinerReport> miners) {

    /** The report of {@code handle} with the given miners, panel path (null: none) and named pages. */
    public static PluginReport of(PluginHandle handle, List<Miner> miners, String panel, List<PanelPage> pages) {
        return new PluginReport(handle.id(), handle.version(), handle.state(), handle.error().orElse(null), panel,
                pages.isEmpty() ? null : List.copyOf(pages), miners.stream().map(MinerReport::of).toList());
    }

    /**
     * One miner's identity and state.
     *
     * @param id miner id
     * @param kind miner kind
     * @param state miner state
     * @param detail why it is in that state, when that needs saying
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record MinerReport(String id, String kind, String state, String detail) {

        /** The report of {@code miner}; a miner that throws while reporting shows as FAILED. */
        public static MinerReport of(Miner miner) {
            try {
                return new MinerReport(miner.id(), miner.kind(), miner.state().name(), miner.stateDetail());
            } catch (RuntimeException e) {
                return new MinerReport(miner.id(), "unknown", "FAILED", "state unavailable: " + e.getMessage());
            }
        }
    }
}
