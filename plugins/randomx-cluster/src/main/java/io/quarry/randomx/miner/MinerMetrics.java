package io.quarry.randomx.miner;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.miner.MinerStats;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.stratum.StratumServer;
import java.util.function.ToDoubleFunction;

/**
 * The miner's gauges, registered once on the long-lived {@link RandomxMiner} (a gauge holds its object weakly,
 * so it must not point at a session that a restart replaces). Prometheus names:
 * {@code quarry_randomx_hashrate{window="10s"|"60s"|"15m"}} (H/s of the node's own engine),
 * {@code quarry_randomx_hashes} (hashes this run), {@code quarry_randomx_job_height},
 * {@code quarry_randomx_blocks_found}, {@code quarry_randomx_stratum_miners} and
 * {@code quarry_randomx_stratum_hashrate{window}} (outside miners, estimated from share difficulty). Share and
 * block counters come from {@link io.quarry.randomx.job.ShareCounters}.
 */
final class MinerMetrics {

    private MinerMetrics() {
    }

    static void register(MeterRegistry registry, RandomxMiner miner) {
        gauge(registry, "quarry.randomx.hashrate", "10s", miner, m -> own(m).tenSeconds());
        gauge(registry, "quarry.randomx.hashrate", "60s", miner, m -> own(m).sixtySeconds());
        gauge(registry, "quarry.randomx.hashrate", "15m", miner, m -> own(m).fifteenMinutes());
        gauge(registry, "quarry.randomx.stratum.hashrate", "10s", miner, m -> outside(m).tenSeconds());
        gauge(registry, "quarry.randomx.stratum.hashrate", "60s", miner, m -> outside(m).sixtySeconds());
        gauge(registry, "quarry.randomx.stratum.hashrate", "15m", miner, m -> outside(m).fifteenMinutes());
        Gauge.builder("quarry.randomx.hashes", miner, m -> m.session().flatMap(MiningSession::threads)
                        .map(t -> (double) t.totalHashes()).orElse(0.0))
                .description("Hashes computed by the node's own engine since the miner started").register(registry);
        Gauge.builder("quarry.randomx.job.height", miner, m -> m.session().flatMap(MiningSession::ownJob)
                        .map(MoneroJob::height).orElse(0L))
                .description("Block height of the job being mined").register(registry);
        Gauge.builder("quarry.randomx.blocks.found", miner, m -> m.session().flatMap(MiningSession::counters)
                        .map(c -> (double) c.blocksFound()).orElse(0.0))
                .description("Blocks monerod accepted since the miner started").register(registry);
        Gauge.builder("quarry.randomx.stratum.miners", miner, m -> m.session().flatMap(MiningSession::stratum)
                        .map(StratumServer::minersConnected).orElse(0))
                .description("Outside miners logged in to the Stratum endpoint").register(registry);
    }

    private static void gauge(MeterRegistry registry, String name, String window, RandomxMiner miner,
                              ToDoubleFunction<RandomxMiner> value) {
        // No base unit: Micrometer would append it to the name the docs promise (quarry_randomx_hashrate).
        Gauge.builder(name, miner, value).tag("window", window)
                .description("Hashes per second averaged over the window").register(registry);
    }

    private static MinerStats.Hashrate own(RandomxMiner miner) {
        return miner.session().flatMap(MiningSession::threads).map(t -> t.hashrate().rates())
                .orElse(MinerStats.Hashrate.ZERO);
    }

    private static MinerStats.Hashrate outside(RandomxMiner miner) {
        return miner.session().flatMap(MiningSession::stratum).map(StratumServer::hashrate)
                .orElse(MinerStats.Hashrate.ZERO);
    }
}
