package io.quarry.subnet;

import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.subnet.api.RequestLog;
import io.quarry.subnet.api.SignedRoutes;
import io.quarry.subnet.api.SubnetMetrics;
import io.quarry.subnet.metagraph.MetagraphSource;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The subnet miner as the dashboard and fleet control see it. The public listener stays bound while the
 * plugin runs; stopping the miner makes its routes answer 503 until it is started again.
 */
final class SubnetMiner implements Miner {

    private final String hotkey;
    private final Supplier<String> listenAddress;
    private final MetagraphSource metagraph;
    private final SignedRoutes routes;
    private final SubnetMetrics metrics;
    private final RequestLog requests;
    private final Supplier<Map<String, Object>> orchestrator;
    private final IntFunction<List<String>> logs;
    private final InstantSource clock;
    private volatile MinerState state = MinerState.STOPPED;
    private volatile long startedAt;

    SubnetMiner(String hotkey, Supplier<String> listenAddress, MetagraphSource metagraph, SignedRoutes routes,
                SubnetMetrics metrics, RequestLog requests, Supplier<Map<String, Object>> orchestrator,
                IntFunction<List<String>> logs, InstantSource clock) {
        this.hotkey = hotkey;
        this.listenAddress = listenAddress;
        this.metagraph = metagraph;
        this.routes = routes;
        this.metrics = metrics;
        this.requests = requests;
        this.orchestrator = orchestrator;
        this.logs = logs;
        this.clock = clock;
    }

    @Override
    public String id() {
        return SubnetMinerPlugin.MINER_ID;
    }

    @Override
    public String kind() {
        return "subnet";
    }

    @Override
    public MinerState state() {
        return state;
    }

    /** Whether requests are being served. */
    boolean serving() {
        return state == MinerState.RUNNING;
    }

    @Override
    public synchronized void start() {
        if (state != MinerState.RUNNING) {
            startedAt = clock.millis();
            state = MinerState.RUNNING;
        }
    }

    @Override
    public synchronized void stop() {
        state = MinerState.STOPPED;
    }

    @Override
    public MinerStats stats() {
        Map<Integer, Long> byStatus = metrics.totalsByStatus();
        long served = byStatus.getOrDefault(200, 0L);
        long refused = byStatus.entrySet().stream().filter(e -> e.getKey() >= 400).mapToLong(Map.Entry::getValue).sum();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("hotkey", hotkey);
        extra.put("listen", listenAddress.get());
        extra.put("routes", routes.routes());
        long validators = metagraph.current().validators();
        extra.put("metagraph", metagraph.describe());
        extra.put("validators", validators);
        extra.put("requestsByStatus", byStatus);
        extra.put("recentRequests", requests.recent());
        extra.put("orchestrator", orchestrator.get());
        Duration uptime = serving() ? Duration.ofMillis(clock.millis() - startedAt) : Duration.ZERO;
        return new MinerStats(MinerStats.Hashrate.ZERO, served, refused, 0, uptime, extra);
    }

    /** What the stats route and the panel show: the state and {@link #stats()}. */
    Map<String, Object> view() {
        MinerStats stats = stats();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state.name());
        out.put("served", stats.sharesAccepted());
        out.put("refused", stats.sharesRejected());
        out.put("uptimeSeconds", stats.uptime().toSeconds());
        out.put("extra", stats.extra());
        return out;
    }

    @Override
    public List<String> recentLogs(int max) {
        return logs.apply(max);
    }
}
