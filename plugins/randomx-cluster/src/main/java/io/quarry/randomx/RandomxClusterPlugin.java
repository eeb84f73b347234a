package io.quarry.randomx;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.miner.MinerState;
import io.quarry.natives.NativeLibraryMissingException;
import io.quarry.natives.RandomX;
import io.quarry.randomx.cli.RandomxCommand;
import io.quarry.randomx.cluster.ClusterMetrics;
import io.quarry.randomx.cluster.ClusterNode;
import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.ClusterSettings;
import io.quarry.randomx.cluster.HashingPolicy;
import io.quarry.randomx.cluster.NodeCapabilitiesProbe;
import io.quarry.randomx.miner.RandomxMiner;
import io.quarry.randomx.miner.StatsRoute;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The randomx-cluster plugin: RandomX mining through librandomx on this node, alone or as a cluster member, with work
 * from a pool or from monerod, and a Stratum endpoint for outside miners. It registers the miner
 * {@value #MINER_ID}, serves {@code GET /api/v1/randomx-cluster/stats} and a dashboard panel showing it at
 * {@code /plugins/randomx-cluster/}, offers the {@code quarry randomx} verbs and starts mining in {@link #start()}
 * when a work source is configured.
 */
public final class RandomxClusterPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(RandomxClusterPlugin.class);

    /** Id of the miner this plugin registers. */
    public static final String MINER_ID = "randomx-cluster/local";
    /** Where the dashboard panel's files are on the class path (served at {@code /plugins/randomx-cluster/}). */
    static final String PANEL_RESOURCES = "/io/quarry/randomx/panel/";

    private NodeContext context;
    private RandomxClusterConfig config;
    private RandomxMiner miner;
    private ClusterNode cluster;
    private final HashingPolicy hashingPolicy;

    /** The plugin as PF4J loads it: a low-RAM member hashes remotely when that is faster. */
    public RandomxClusterPlugin() {
        this(HashingPolicy.FASTER);
    }

    /**
     * A plugin whose low-RAM member chooses between light mode and remote hashing with {@code hashingPolicy} (tests
     * and benchmarks force remote hashing with it on machines where no member runs fast mode).
     */
    public RandomxClusterPlugin(HashingPolicy hashingPolicy) {
        this.hashingPolicy = Objects.requireNonNull(hashingPolicy, "hashingPolicy");
    }

    @Override
    public ConfigSpec<?> configSpec() {
        return RandomxClusterConfig.SPEC;
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(RandomxClusterConfig.SPEC);
        ClusterSettings clusterSettings = config.clusterSettings();
        if (clusterSettings.clustered()) {
            ClusterSecret secret = ClusterSecret.load(clusterSettings.secretPath().orElseThrow());
            NodeCapabilitiesProbe probe = new NodeCapabilitiesProbe(config);
            cluster = new ClusterNode(context.transport(), context.identity().nodeId(), clusterSettings, secret,
                    InstantSource.system(), probe);
            cluster.hashingPolicy(hashingPolicy);
            cluster.registerProtocols();
            miner = new RandomxMiner(MINER_ID, context, config, librandomxProblem(), Optional.of(cluster));
            probe.measure(miner);
            cluster.onRoleChange(miner::roleChanged);
            ClusterMetrics.register(context.metrics().registry(), cluster);
        } else {
            miner = new RandomxMiner(MINER_ID, context, config, librandomxProblem());
        }
        context.miners().register(miner);
        StatsRoute.register(context, miner, config.upstream().name().toLowerCase(Locale.ROOT));
        // The dashboard panel: static files that poll the stats route from the browser. The plugin's own class
        // loader, since under PF4J only it sees the resources inside the plugin's jar.
        context.http().assets(RandomxClusterPlugin.class.getClassLoader(), PANEL_RESOURCES);
    }

    @Override
    public Optional<Object> command() {
        return Optional.of(new RandomxCommand());
    }

    @Override
    public void start() {
        if (cluster != null) {
            cluster.start();
        }
        if (miner.state() == MinerState.UNAVAILABLE) {
            LOG.warn("RandomX miner unavailable: {}", miner.stateDetail());
            return;
        }
        if (!miner.hasUpstream()) {
            LOG.info("RandomX miner idle: {}", miner.stateDetail());
            return;
        }
        if (cluster != null && config.clusterSettings().role() == ClusterRole.AUTO) {
            // Hear the others' beacons for a few periods before deciding whether this node leads, so an auto node
            // does not open a master session only to reopen as a member a second later.
            Thread.ofVirtual().name("randomx-cluster-settle").start(() -> {
                try {
                    Thread.sleep(ClusterNode.SETTLE.toMillis());
                    miner.start();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IllegalStateException e) {
                    LOG.warn("RandomX miner did not start: {}", e.getMessage());
                }
            });
            return;
        }
        miner.start();
    }

    @Override
    public void stop() {
        if (miner != null) {
            miner.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (context != null) {
            context.miners().unregister(MINER_ID);
        }
    }

    /** The bound configuration (null before init). */
    RandomxClusterConfig config() {
        return config;
    }

    /** Why librandomx cannot be used here, naming the package to install; empty when it loads. */
    private static Optional<String> librandomxProblem() {
        try {
            RandomX.load();
            return Optional.empty();
        } catch (NativeLibraryMissingException e) {
            return Optional.of(e.getMessage());
        }
    }
}
