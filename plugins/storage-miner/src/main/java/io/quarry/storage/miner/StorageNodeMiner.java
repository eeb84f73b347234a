package io.quarry.storage.miner;

import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.storage.StorageMetrics;
import io.quarry.storage.store.ShardStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The storage node as the dashboard and fleet control see it: RUNNING while it stores and serves shards, with
 * its registration state, space and proof figures in the stats.
 */
public final class StorageNodeMiner implements Miner {

    /** Id of the miner this plugin registers. */
    public static final String ID = "storage-miner/local";

    private final ShardStore store;
    private final Optional<ValidatorLink> link;
    private final StorageMetrics metrics;
    private final InstantSource clock;
    private final Function<Integer, List<String>> logs;
    private volatile MinerState state = MinerState.STOPPED;
    private volatile Instant startedAt;

    /** A miner over {@code store}, registering through {@code link} when there is one. */
    public StorageNodeMiner(ShardStore store, Optional<ValidatorLink> link, StorageMetrics metrics, InstantSource clock,
                            Function<Integer, List<String>> logs) {
        this.store = store;
        this.link = link;
        this.metrics = metrics;
        this.clock = clock;
        this.logs = logs;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String kind() {
        return "storage";
    }

    @Override
    public MinerState state() {
        return state;
    }

    @Override
    public String stateDetail() {
        if (link.isEmpty()) {
            return state == MinerState.RUNNING ? "serving shards; no validator configured" : "";
        }
        ValidatorLink l = link.get();
        return l.state() == ValidatorLink.State.REGISTERED ? "registered with the validator"
                : l.state().name().toLowerCase(java.util.Locale.ROOT) + (l.lastProblem().isEmpty() ? "" : ": " + l.lastProblem());
    }

    @Override
    public synchronized void start() {
        if (state == MinerState.RUNNING) {
            return;
        }
        startedAt = clock.instant();
        link.ifPresent(ValidatorLink::start);
        state = MinerState.RUNNING;
    }

    @Override
    public synchronized void stop() {
        link.ifPresent(ValidatorLink::stop);
        state = MinerState.STOPPED;
    }

    @Override
    public MinerStats stats() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("shards", store.count());
        extra.put("usedBytes", store.usedBytes());
        extra.put("maxBytes", store.maxBytes());
        extra.put("freeBytes", store.availableBytes());
        extra.put("corruptReads", store.corruptReads());
        extra.put("challengesAnswered", (long) metrics.count("quarry.storage.challenges", "result", "answered"));
        extra.put("challengesUnanswered", (long) metrics.count("quarry.storage.challenges", "result", "unanswered"));
        extra.put("registration", link.map(l -> l.state().name()).orElse("NONE"));
        Duration uptime = state == MinerState.RUNNING && startedAt != null
                ? Duration.between(startedAt, clock.instant()) : Duration.ZERO;
        return new MinerStats(MinerStats.Hashrate.ZERO, 0, 0, 0, uptime, extra);
    }

    @Override
    public List<String> recentLogs(int max) {
        return logs.apply(max);
    }
}
