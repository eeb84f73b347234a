package io.quarry.randomx.miner;

import io.quarry.api.NodeContext;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;

/** {@code GET /api/v1/randomx-cluster/stats} (open, like the kernel's miner views) and the miner's gauges. */
public final class StatsRoute {

    private StatsRoute() {
    }

    /**
     * Registers the route and the gauges for {@code miner}.
     *
     * @param upstreamKind {@code pool}, {@code daemon} or {@code none}, as configured
     */
    public static void register(NodeContext context, RandomxMiner miner, String upstreamKind) {
        context.http().route(HttpMethod.GET, "stats", request -> HttpResponse.ok(StatsView.of(miner, upstreamKind)));
        MinerMetrics.register(context.metrics().registry(), miner);
    }
}
