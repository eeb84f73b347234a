package io.quarry.fleet;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Range;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerProfile;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A plugin with one miner ({@code test-miner/one}, kind {@code test}) that takes profiles the way real plugins
 * do: its table {@code [test-miner] threads} bound with the profile laid over it. While running it reports
 * {@code threads * 100} H/s, so tests can see which settings it runs with.
 */
public final class TestMinerPlugin implements QuarryPlugin {

    /** The miner's id. */
    public static final String MINER_ID = "test-miner/one";

    /** The test plugin's table. */
    public record Settings(@Range(min = 1, max = 64) int threads) {
    }

    private static final ConfigSpec<Settings> SPEC = ConfigSpec.of(Settings.class, new Settings(1));

    @Override
    public ConfigSpec<?> configSpec() {
        return SPEC;
    }

    @Override
    public void init(NodeContext context) {
        context.miners().register(new TestMiner(context));
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    /** The miner. */
    static final class TestMiner implements Miner {
        private final NodeContext context;
        private final List<String> log = new CopyOnWriteArrayList<>();
        private volatile Settings settings;
        private volatile boolean running;

        TestMiner(NodeContext context) {
            this.context = context;
            this.settings = context.config(SPEC);
        }

        @Override
        public String id() {
            return MINER_ID;
        }

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public MinerState state() {
            return running ? MinerState.RUNNING : MinerState.STOPPED;
        }

        @Override
        public void start() {
            running = true;
            log.add("started with " + settings.threads() + " threads");
        }

        @Override
        public void start(MinerProfile profile) {
            settings = context.config(SPEC, profile.settings());
            start();
        }

        @Override
        public void stop() {
            running = false;
            log.add("stopped");
        }

        @Override
        public MinerStats stats() {
            double rate = running ? settings.threads() * 100.0 : 0;
            return new MinerStats(new MinerStats.Hashrate(rate, rate, rate), 0, 0, 0, Duration.ZERO, Map.of());
        }

        @Override
        public List<String> recentLogs(int max) {
            return log.subList(Math.max(0, log.size() - max), log.size());
        }
    }
}
