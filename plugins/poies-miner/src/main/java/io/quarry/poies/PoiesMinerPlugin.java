package io.quarry.poies;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.poies.cli.PoiesCommand;
import io.quarry.poies.node.NodeRuntime;
import io.quarry.poies.node.PoiesNode;
import io.quarry.poies.remote.EdgeRuntime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poies-miner plugin. The {@code node} role ({@link NodeRuntime}) keeps the dev chain, builds work
 * with useful proofs attached, admits shares, seals blocks, and serves {@code /api/v1/poies-miner/rpc},
 * {@code /stats}, {@code /recent-blocks} and the dashboard panel at {@code /plugins/poies-miner/}; the
 * outside-miner fronts (WebSocket getwork, Stratum) and the {@code miner} role are wired in the edge section
 * below. Start order: node first, then the fronts; stop in reverse.
 */
public final class PoiesMinerPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(PoiesMinerPlugin.class);

    /**
     * The dashboard panel's files (index.html, panel.js, panel.css; the chart is the kernel's /chart.js), served at
     * {@code /plugins/poies-miner/}. The kernel strips the slashes and looks each file up with
     * {@code ClassLoader.getResource} ({@code io/quarry/poies/panel/index.html}), so this is the package directory
     * of the resources.
     */
    static final String PANEL_RESOURCES = "/io/quarry/poies/panel/";

    /** The node role's miner, which {@link ProfileCheckingMiner} fronts for profiles. */
    static final String LOCAL_MINER = "poies-miner/local";

    private NodeContext context;
    private PoiesMinerConfig config;
    private NodeRuntime node;
    private EdgeRuntime edge;

    @Override
    public ConfigSpec<?> configSpec() {
        return PoiesMinerConfig.SPEC;
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(PoiesMinerConfig.SPEC);
        if (config.isNode()) {
            node = NodeRuntime.create(context, config);
            context.miners().find(LOCAL_MINER).ifPresent(local -> {
                context.miners().unregister(LOCAL_MINER);
                context.miners().register(new ProfileCheckingMiner(local, context, config));
            });
        }
        initEdge();
        if (node != null) {
            node.reportOutsideMiners(edge::outsideMiners);
            // Only the node role has a chain to show; a miner-only node gets no panel (and /health says so).
            context.http().assets(PoiesMinerPlugin.class.getClassLoader(), PANEL_RESOURCES);
        }
    }

    @Override
    public void start() {
        if (node != null) {
            node.start();
        }
        startEdge();
        LOG.info("poies-miner started: roles {}, chain {}", config.roles(), config.chainId());
    }

    @Override
    public void stop() {
        try {
            stopEdge();
        } finally {
            if (node != null) {
                node.stop();
            }
        }
    }

    /** The bound configuration (null before init). */
    PoiesMinerConfig config() {
        return config;
    }

    /** The node the fronts serve, when this plugin has the node role. */
    Optional<PoiesNode> node() {
        return Optional.ofNullable(node).map(NodeRuntime::node);
    }

    // ---- edge: WebSocket getwork, the Stratum server and the miner role (filled by the edge helper) ----------
    // init: register the /ws route and bind settings from `config` (node() gives the PoiesNode to serve);
    // start: open the Stratum server and start the remote miner after the node; stop: close them before it.

    private void initEdge() {
        edge = EdgeRuntime.create(context, config, node());
    }

    private void startEdge() {
        edge.start();
    }

    private void stopEdge() {
        if (edge != null) {
            edge.stop();
        }
    }

    /** {@code quarry poies mine|stratum-proxy|getwork}. */
    @Override
    public Optional<Object> command() {
        return Optional.of(new PoiesCommand());
    }

    /**
     * The node role's miner with profiles (fleet control's {@code start_miner}): a profile is bound with the
     * plugin's spec like {@code [poies-miner]} itself, so a bad key or value is refused naming it. The node
     * applies no setting while it runs (its scanner threads and chain are fixed at start), so a profile
     * whose values differ from the running configuration is refused naming those keys; an equal one starts
     * the scanner. Everything else is the wrapped miner's.
     */
    private static final class ProfileCheckingMiner implements io.quarry.api.miner.Miner {
        private final io.quarry.api.miner.Miner local;
        private final NodeContext context;
        private final PoiesMinerConfig running;

        ProfileCheckingMiner(io.quarry.api.miner.Miner local, NodeContext context, PoiesMinerConfig running) {
            this.local = local;
            this.context = context;
            this.running = running;
        }

        @Override
        public void start(io.quarry.api.miner.MinerProfile profile) {
            PoiesMinerConfig bound = context.config(PoiesMinerConfig.SPEC, profile.settings());
            java.util.List<String> differing = new java.util.ArrayList<>();
            for (java.lang.reflect.RecordComponent c : PoiesMinerConfig.class.getRecordComponents()) {
                try {
                    if (!java.util.Objects.equals(c.getAccessor().invoke(bound), c.getAccessor().invoke(running))) {
                        differing.add("poies-miner." + c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT));
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (!differing.isEmpty()) {
                throw new io.quarry.api.config.ConfigException(differing.get(0), String.join(", ", differing)
                        + " cannot change while the node runs; set them in quarry.toml and restart it");
            }
            local.start();
        }

        @Override
        public String id() {
            return local.id();
        }

        @Override
        public String kind() {
            return local.kind();
        }

        @Override
        public io.quarry.api.miner.MinerState state() {
            return local.state();
        }

        @Override
        public String stateDetail() {
            return local.stateDetail();
        }

        @Override
        public void start() {
            local.start();
        }

        @Override
        public void stop() {
            local.stop();
        }

        @Override
        public io.quarry.api.miner.MinerStats stats() {
            return local.stats();
        }

        @Override
        public java.util.List<String> recentLogs(int max) {
            return local.recentLogs(max);
        }
    }
}
