package io.quarry.testkit;

import io.micrometer.core.instrument.Counter;
import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.config.Env;
import io.quarry.api.config.Range;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A small but complete plugin for kernel tests: config, a route, a meter, the store, a miner and a panel. */
public final class CounterPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(CounterPlugin.class);

    /**
     * The plugin's table.
     *
     * @param step how much each POST adds
     * @param label a label echoed back
     */
    public record Settings(@Range(min = 1, max = 100) @Env("COUNTER_STEP") int step, String label) {
    }

    private NodeContext context;
    private Settings settings;
    private Counter posts;

    @Override
    public ConfigSpec<?> configSpec() {
        return ConfigSpec.of(Settings.class, new Settings(1, "counter"));
    }

    @Override
    public void init(NodeContext ctx) {
        this.context = ctx;
        this.settings = ctx.config(ConfigSpec.of(Settings.class, new Settings(1, "counter")));
        this.posts = Counter.builder(ctx.metrics().name("posts")).register(ctx.metrics().registry());
        ctx.http().route(HttpMethod.GET, "value", request -> HttpResponse.ok(Map.of("value", read(), "label", settings.label())));
        ctx.http().route(HttpMethod.POST, "increment", request -> {
            posts.increment();
            long next = read() + settings.step();
            ctx.store().put(KEY, Long.toString(next).getBytes(StandardCharsets.UTF_8));
            LOG.info("counter now {}", next);
            return HttpResponse.ok(Map.of("value", next));
        });
        ctx.miners().register(new CountingMiner(ctx.pluginId() + "/counter"));
        ctx.http().assets(CounterPlugin.class.getClassLoader(), "counter-panel");
        ctx.http().page("Counter", "index.html");
    }

    private static final byte[] KEY = "value".getBytes(StandardCharsets.UTF_8);

    private long read() {
        return context.store().get(KEY).map(b -> Long.parseLong(new String(b, StandardCharsets.UTF_8))).orElse(0L);
    }

    @Override
    public void start() {
        LOG.info("counter plugin started with step {}", settings.step());
    }

    @Override
    public void stop() {
    }

    /** A miner that does nothing but keep its state, so start/stop through the API can be checked. */
    static final class CountingMiner implements Miner {
        private final String id;
        private final AtomicReference<MinerState> state = new AtomicReference<>(MinerState.STOPPED);

        CountingMiner(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String kind() {
            return "counter";
        }

        @Override
        public MinerState state() {
            return state.get();
        }

        @Override
        public void start() {
            state.set(MinerState.RUNNING);
        }

        @Override
        public void stop() {
            state.set(MinerState.STOPPED);
        }

        @Override
        public MinerStats stats() {
            return new MinerStats(new MinerStats.Hashrate(1, 2, 3), 4, 5, 6, Duration.ofSeconds(7), Map.of("blocks", 8));
        }

        @Override
        public List<String> recentLogs(int max) {
            return List.of();
        }
    }
}
