package io.quarry.randomx.miner;

import io.quarry.api.miner.MinerStats;
import io.quarry.randomx.cluster.ClusterStats;
import io.quarry.randomx.daemon.FoundBlock;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.stratum.StratumMinerStats;
import io.quarry.randomx.stratum.StratumServer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer of {@code GET /api/v1/randomx-cluster/stats}, as JSON-ready maps (key names are part of the API):
 * <ul>
 *   <li>{@code state}, {@code stateDetail}, {@code mode}, {@code threads}, {@code totalHashes};</li>
 *   <li>{@code hashrate} {@code {"10s","60s","15m"}}: the node's own engine, H/s;</li>
 *   <li>{@code sharesAccepted}, {@code sharesRejected}, {@code rejectedByReason}, {@code jobsRefused}: results
 *       the upstream (pool or monerod) judged, the node's own and those forwarded for outside miners;</li>
 *   <li>{@code blocksFound} and {@code blocks} (solo: height, {@code powHash} as the node computed it);</li>
 *   <li>{@code upstream} (kind and description), {@code job} (id, height, seedHash, difficulty);</li>
 *   <li>{@code minersConnected} and {@code stratum}: the endpoint's own judgement of outside miners' shares,
 *       their estimated hashrate and one entry per miner.</li>
 * </ul>
 */
final class StatsView {

    private StatsView() {
    }

    static Map<String, Object> of(RandomxMiner miner, String upstreamKind) {
        Optional<MiningSession> session = miner.session();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", miner.state().name());
        out.put("stateDetail", miner.stateDetail());
        out.put("mode", session.flatMap(MiningSession::engine).map(e -> e.mode().label()).orElse(""));
        out.put("threads", session.flatMap(MiningSession::threads).map(t -> t.threadCount()).orElse(0));
        out.put("totalHashes", session.flatMap(MiningSession::threads).map(t -> t.totalHashes()).orElse(0L));
        out.put("hashrate", rates(session.flatMap(MiningSession::threads).map(t -> t.hashrate().rates())
                .orElse(MinerStats.Hashrate.ZERO)));
        Optional<ShareCounters> counters = session.flatMap(MiningSession::counters);
        out.put("sharesAccepted", counters.map(ShareCounters::acceptedCount).orElse(0L));
        out.put("sharesRejected", counters.map(ShareCounters::rejectedCount).orElse(0L));
        out.put("rejectedByReason", counters.map(ShareCounters::rejectedByReason).orElse(Map.of()));
        out.put("jobsRefused", counters.map(ShareCounters::jobsRefusedByReason).orElse(Map.of()));
        out.put("blocksFound", counters.map(ShareCounters::blocksFound).orElse(0L));
        out.put("blocks", session.map(MiningSession::foundBlocks).orElse(List.of()).stream().map(StatsView::block).toList());
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("kind", upstreamKind);
        upstream.put("description", session.flatMap(MiningSession::source).map(s -> s.describe()).orElse(""));
        out.put("upstream", upstream);
        out.put("job", session.flatMap(MiningSession::ownJob).map(StatsView::job).orElse(null));
        Optional<StratumServer> stratum = session.flatMap(MiningSession::stratum);
        out.put("minersConnected", stratum.map(StratumServer::minersConnected).orElse(0));
        out.put("stratum", stratum.map(StatsView::stratum).orElse(null));
        miner.cluster().ifPresent(c -> out.put("cluster", ClusterStats.of(c)));
        return out;
    }

    static Map<String, Object> rates(MinerStats.Hashrate rates) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("10s", rates.tenSeconds());
        out.put("60s", rates.sixtySeconds());
        out.put("15m", rates.fifteenMinutes());
        return out;
    }

    private static Map<String, Object> job(MoneroJob job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", job.jobId());
        out.put("height", job.height());
        out.put("seedHash", HexFormat.of().formatHex(job.seedHash()));
        out.put("difficulty", job.difficulty());
        out.put("algo", job.algo());
        return out;
    }

    private static Map<String, Object> block(FoundBlock block) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("height", block.height());
        out.put("powHash", block.powHash());
        out.put("difficulty", block.difficulty().toString());
        out.put("worker", block.worker());
        out.put("at", block.at().toString());
        return out;
    }

    private static Map<String, Object> stratum(StratumServer server) {
        ShareCounters counters = server.counters();
        Map<String, Object> out = new LinkedHashMap<>();
        // Null while the miner is still starting and the endpoint is not bound yet.
        out.put("listen", server.boundAddress().map(Object::toString).orElse(null));
        out.put("sharesAccepted", counters.acceptedCount());
        out.put("sharesRejected", counters.rejectedCount());
        out.put("rejectedByReason", counters.rejectedByReason());
        out.put("hashrate", rates(server.hashrate()));
        out.put("miners", server.miners().stream().map(StatsView::outsideMiner).toList());
        return out;
    }

    private static Map<String, Object> outsideMiner(StratumMinerStats m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session", m.session());
        out.put("remote", m.remote());
        out.put("login", m.login());
        out.put("agent", m.agent());
        out.put("worker", m.worker());
        out.put("difficulty", m.difficulty());
        out.put("hashrate", rates(m.hashrate()));
        out.put("sharesAccepted", m.accepted());
        out.put("sharesRejected", m.rejectedTotal());
        out.put("rejectedByReason", m.rejected());
        out.put("connectedSince", m.connectedSince().toString());
        return out;
    }
}
