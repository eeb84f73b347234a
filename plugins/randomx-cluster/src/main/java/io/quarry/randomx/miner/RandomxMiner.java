package io.quarry.randomx.miner;

import io.quarry.api.NodeContext;
import io.quarry.api.miner.Miner;
import io.quarry.api.miner.MinerProfile;
import io.quarry.api.miner.MinerState;
import io.quarry.api.miner.MinerStats;
import io.quarry.randomx.RandomxClusterConfig;
import io.quarry.randomx.cluster.ClusterNode;
import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.job.SubmitResult;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's RandomX miner as the kernel sees it ({@code randomx-cluster/local}). {@link #start()} returns at
 * once with the miner {@link MinerState#STARTING}; a {@link MiningSession} opens on a virtual thread and the
 * miner turns RUNNING, or FAILED with the reason. {@link #stop()} closes the session and waits for it
 * (a dataset being built in fast mode is waited for: native initialisation cannot be interrupted).
 *
 * <p>UNAVAILABLE when librandomx cannot be loaded; STOPPED with a detail saying so when no work source is
 * configured (neither {@code pools} nor {@code daemon_rpc}): starting it then fails with that reason.
 */
public final class RandomxMiner implements Miner {

    private static final Logger LOG = LoggerFactory.getLogger(RandomxMiner.class);
    private static final long STOP_BUDGET_MILLIS = 2_500;

    private final String id;
    private final NodeContext context;
    private final RandomxClusterConfig configured;
    private volatile RandomxClusterConfig config;
    private final String unavailable;
    private final ExecutorService executor;
    private final InstantSource clock;
    private final Object lock = new Object();
    private volatile MinerState state;
    private volatile String detail;
    private volatile MiningSession session;
    private volatile long startedAt;
    private final Optional<ClusterNode> cluster;
    private volatile ClusterRole sessionRole = ClusterRole.STANDALONE;

    /**
     * @param unavailable why this node cannot mine RandomX at all (librandomx missing), or empty
     */
    public RandomxMiner(String id, NodeContext context, RandomxClusterConfig config, Optional<String> unavailable) {
        this(id, context, config, unavailable, Optional.empty());
    }

    /**
     * A miner that is part of a cluster: its sessions open as master (upstream plus members' work) or as a member
     * (work from the master), as {@code cluster} says at the time, and reopen when that role changes.
     */
    public RandomxMiner(String id, NodeContext context, RandomxClusterConfig config, Optional<String> unavailable,
                        Optional<ClusterNode> cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.id = Objects.requireNonNull(id, "id");
        this.context = Objects.requireNonNull(context, "context");
        this.configured = Objects.requireNonNull(config, "config");
        this.config = config;
        this.unavailable = unavailable.orElse(null);
        this.executor = context.executors().virtual("randomx");
        this.clock = InstantSource.system();
        if (this.unavailable != null) {
            state = MinerState.UNAVAILABLE;
            detail = this.unavailable;
        } else {
            state = MinerState.STOPPED;
            detail = hasUpstream() ? "" : idleReason();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String kind() {
        return "randomx";
    }

    @Override
    public MinerState state() {
        return state;
    }

    @Override
    public String stateDetail() {
        return detail;
    }

    /** Whether there is work to mine at all (pools or daemon_rpc configured). */
    public boolean hasUpstream() {
        return config.upstream() != RandomxClusterConfig.Upstream.NONE
                || cluster.map(c -> c.settings().role() == ClusterRole.WORKER || c.settings().role() == ClusterRole.AUTO)
                        .orElse(false);
    }

    /**
     * The cluster's master changed: a running session whose role no longer holds (this node became master, or
     * stopped being it) is closed and a new one opened in the new role, on the miner's executor.
     */
    public void roleChanged() {
        ClusterRole now = cluster.map(ClusterNode::role).orElse(ClusterRole.STANDALONE);
        if (session == null || now == sessionRole) {
            return;
        }
        LOG.info("cluster role changes from {} to {}; reopening the miner", sessionRole.key(), now.key());
        executor.execute(() -> {
            stop();
            start();
        });
    }

    /** The role the running session was opened in ({@code standalone} outside a cluster). */
    public ClusterRole sessionRole() {
        return sessionRole;
    }

    /** The cluster this miner belongs to, if any. */
    public Optional<ClusterNode> cluster() {
        return cluster;
    }

    @Override
    public void start() {
        MiningSession fresh;
        synchronized (lock) {
            if (unavailable != null) {
                throw new IllegalStateException("miner " + id + " cannot start: " + unavailable);
            }
            if (!hasUpstream()) {
                throw new IllegalStateException("miner " + id + " cannot start: " + idleReason());
            }
            if (session != null) {
                return; // starting or running
            }
            fresh = new MiningSession(config, context.jsonRpc(), context.metrics().registry(), executor, cluster);
            sessionRole = cluster.map(ClusterNode::role).orElse(ClusterRole.STANDALONE);
            session = fresh;
            state = MinerState.STARTING;
            detail = "opening RandomX and connecting to the upstream";
        }
        executor.execute(() -> open(fresh));
    }

    /**
     * Starts with {@code profile}'s keys of {@code [randomx-cluster]} (for example {@code threads}, {@code pools},
     * {@code mode}) laid over the configured table, validated by the plugin's spec; a session running with other
     * settings is stopped first. An empty profile goes back to the configured settings.
     */
    @Override
    public void start(MinerProfile profile) {
        RandomxClusterConfig chosen = profile.isEmpty() ? configured
                : context.config(RandomxClusterConfig.SPEC, profile.settings());
        if (!chosen.equals(config)) {
            stop();
            synchronized (lock) {
                config = chosen;
                if (unavailable == null && session == null) {
                    detail = hasUpstream() ? "" : idleReason();
                }
            }
            LOG.info("RandomX miner switching to profile '{}'", profile.name());
        }
        start();
    }

    @Override
    public void stop() {
        MiningSession running;
        synchronized (lock) {
            running = session;
            if (running == null) {
                return;
            }
            session = null;
            state = MinerState.STOPPING;
            detail = "";
        }
        closeWithin(running, STOP_BUDGET_MILLIS);
        synchronized (lock) {
            if (session == null) {
                state = MinerState.STOPPED;
                startedAt = 0;
            }
        }
        LOG.info("RandomX miner stopped");
    }

    @Override
    public MinerStats stats() {
        MiningSession s = session;
        if (s == null) {
            return MinerStats.idle();
        }
        MinerStats.Hashrate rates = s.threads().map(t -> t.hashrate().rates()).orElse(MinerStats.Hashrate.ZERO);
        Optional<ShareCounters> counters = s.counters();
        Map<String, Long> rejected = counters.map(ShareCounters::rejectedByReason).orElse(Map.of());
        long stale = rejected.getOrDefault(SubmitResult.STALE, 0L);
        long accepted = counters.map(ShareCounters::acceptedCount).orElse(0L);
        long rejectedTotal = counters.map(ShareCounters::rejectedCount).orElse(0L);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("blocksFound", counters.map(ShareCounters::blocksFound).orElse(0L));
        extra.put("minersConnected", s.stratum().map(st -> st.minersConnected()).orElse(0));
        s.engine().ifPresent(e -> extra.put("mode", e.mode().label()));
        s.source().ifPresent(src -> extra.put("upstream", src.describe()));
        long since = startedAt;
        Duration uptime = since == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - since));
        return new MinerStats(rates, accepted, rejectedTotal - stale, stale, uptime, extra);
    }

    @Override
    public List<String> recentLogs(int max) {
        return context.recentLogs(max);
    }

    /** The session running now, for the stats route. */
    Optional<MiningSession> session() {
        return Optional.ofNullable(session);
    }

    private void open(MiningSession s) {
        try {
            s.open();
            synchronized (lock) {
                if (session == s) {
                    state = MinerState.RUNNING;
                    detail = "";
                    startedAt = clock.millis();
                }
            }
        } catch (CancellationException e) {
            LOG.debug("RandomX miner start abandoned: {}", e.getMessage());
        } catch (RuntimeException e) {
            // Mostly the operator's to fix (port taken, memory, library): the message says what; the trace is DEBUG.
            LOG.error("RandomX miner failed to start: {}", e.getMessage());
            LOG.debug("RandomX miner start failure", e);
            s.close();
            synchronized (lock) {
                if (session == s) {
                    session = null;
                    state = MinerState.FAILED;
                    detail = String.valueOf(e.getMessage());
                }
            }
        }
    }

    /**
     * Closes {@code running}, waiting at most {@code millis}: the kernel gives a plugin's stop 3 s, and a fast-mode
     * dataset being built cannot be interrupted, so past the budget the close finishes on its own thread and
     * frees RandomX memory when the dataset is done.
     */
    private static void closeWithin(MiningSession running, long millis) {
        Thread closer = Thread.ofPlatform().daemon().name("randomx-stop").start(running::close);
        try {
            closer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("RandomX is still finishing a dataset initialisation; its memory is freed when that ends");
        }
    }

    private static String idleReason() {
        return "no work source configured: set [randomx-cluster] pools (pool mining) or daemon_rpc (solo mining)";
    }
}
