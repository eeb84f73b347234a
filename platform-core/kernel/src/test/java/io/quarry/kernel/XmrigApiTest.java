package io.quarry.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.api.miner.UnavailableMiner;
import io.quarry.kernel.health.HealthReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XmrigApiTest {

    private static final HealthReport HEALTH = HealthReport.of("ab".repeat(32), "rig-7", "1.2.3", "21.0.5", 42.9, List.of());

    @Test
    void summaryHasXmrigsFieldsFilledFromRunningMiners() {
        XmrigApi api = new XmrigApi();
        Miner rx = miner("randomx-cluster/local", "randomx", MinerState.RUNNING,
                new MinerStats(new MinerStats.Hashrate(1000, 900, 800), 8, 1, 1, Duration.ofSeconds(80),
                        Map.of("upstream", "pool 127.0.0.1:3333")));
        Miner idle = miner("poies-miner/local", "poies", MinerState.STOPPED,
                new MinerStats(new MinerStats.Hashrate(5, 5, 5), 2, 0, 0, Duration.ZERO, Map.of()));

        Map<String, Object> summary = api.summary(HEALTH, List.of(rx, idle, new UnavailableMiner("x/y", "storage", "no")));

        assertThat(summary).containsEntry("id", "abababababababab").containsEntry("worker_id", "rig-7")
                .containsEntry("uptime", 42L).containsEntry("version", "1.2.3").containsEntry("kind", "miner")
                .containsEntry("algo", "rx/0").containsEntry("paused", false).containsKeys("ua", "cpu", "resources");
        assertThat(summary.get("hashrate")).isEqualTo(Map.of("total", List.of(1000.0, 900.0, 800.0), "highest", 1000.0));
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) summary.get("results");
        assertThat(results).containsEntry("shares_good", 10L).containsEntry("shares_total", 12L).containsEntry("avg_time", 8L);
        @SuppressWarnings("unchecked")
        Map<String, Object> connection = (Map<String, Object>) summary.get("connection");
        assertThat(connection).containsEntry("pool", "pool 127.0.0.1:3333").containsEntry("uptime", 80L);
        assertThat(summary.get("algorithms")).isEqualTo(List.of("rx/0", "poies", "storage"));
    }

    @Test
    void aNodeWithNothingRunningIsPausedWithZeroHashrateAndHighestIsKept() {
        XmrigApi api = new XmrigApi();
        Miner rx = miner("r", "randomx", MinerState.RUNNING,
                new MinerStats(new MinerStats.Hashrate(50, 0, 0), 0, 0, 0, Duration.ZERO, Map.of()));
        api.summary(HEALTH, List.of(rx));

        Map<String, Object> later = api.summary(HEALTH, List.of(miner("r", "randomx", MinerState.STOPPED, MinerStats.idle())));

        assertThat(later).containsEntry("paused", true);
        assertThat(later.get("hashrate")).isEqualTo(Map.of("total", List.of(0.0, 0.0, 0.0), "highest", 50.0));
    }

    @Test
    void backendsListEveryMinerWithItsHashrateTriple() {
        List<Map<String, Object>> backends = new XmrigApi().backends(List.of(miner("r", "randomx", MinerState.RUNNING,
                new MinerStats(new MinerStats.Hashrate(3, 2, 1), 0, 0, 0, Duration.ZERO, Map.of()))));
        assertThat(backends).hasSize(1);
        assertThat(backends.get(0)).containsEntry("type", "randomx").containsEntry("enabled", true)
                .containsEntry("algo", "rx/0").containsEntry("hashrate", List.of(3.0, 2.0, 1.0));
    }

    private static Miner miner(String id, String kind, MinerState state, MinerStats stats) {
        return new Miner() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String kind() {
                return kind;
            }

            @Override
            public MinerState state() {
                return state;
            }

            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }

            @Override
            public MinerStats stats() {
                return stats;
            }

            @Override
            public List<String> recentLogs(int max) {
                return List.of();
            }
        };
    }
}
