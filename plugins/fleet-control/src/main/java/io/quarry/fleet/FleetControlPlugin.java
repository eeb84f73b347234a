package io.quarry.fleet;

import io.micrometer.core.instrument.Gauge;
import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.fleet.bundle.BundleInstaller;
import io.quarry.fleet.bundle.BundleSpool;
import io.quarry.fleet.bundle.WorkerDeployer;
import io.quarry.fleet.cli.FleetCommand;
import io.quarry.fleet.controller.FleetClient;
import io.quarry.fleet.controller.FleetController;
import io.quarry.fleet.controller.PeerAdmission;
import io.quarry.fleet.controller.Profiles;
import io.quarry.fleet.http.FleetRoutes;
import io.quarry.fleet.node.FleetNode;
import io.quarry.fleet.peer.PeerRegistry;
import io.quarry.fleet.process.ProcessConfig;
import io.quarry.fleet.process.ProcessMiner;
import io.quarry.fleet.process.XmrigMiner;
import io.quarry.fleet.protocol.AuditLog;
import io.quarry.fleet.protocol.CommandGate;
import io.quarry.fleet.protocol.FleetProtocol;
import io.quarry.fleet.worker.CommandHandler;
import io.quarry.fleet.worker.DeployHandler;
import io.quarry.fleet.worker.WorkerActions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet-control plugin: controller and worker roles over the kernel transport. As a worker it serves the
 * signed command protocol {@code fleet-control/command/1} (and streamed deploy bundles on
 * {@code fleet-control/deploy/1}) for its registered controllers and drives every
 * miner in the node's registry; as a controller it keeps a peer registry and offers the REST API under
 * {@code /api/v1/fleet-control/} and the {@code quarry fleet} verbs.
 */
public final class FleetControlPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(FleetControlPlugin.class);
    /** The dashboard panel's files on the class path, served at {@code /plugins/fleet-control/}: the Nodes and Fleet pages. */
    static final String PANEL_RESOURCES = "/io/quarry/fleet/panel/";
    /** Where deploy bundles are spooled (0600 files) while they are built, sent or received, below the data dir. */
    static final String BUNDLE_SPOOL = "bundle-spool";

    private NodeContext context;
    private FleetControlConfig config;
    private FleetNode node;
    private PeerRegistry registry;
    private AuditLog audit;
    private final List<ProcessMiner> processes = new ArrayList<>();

    @Override
    public ConfigSpec<?> configSpec() {
        return FleetControlConfig.SPEC;
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(FleetControlConfig.SPEC);
        InstantSource clock = InstantSource.system();
        registry = new PeerRegistry(context.store(), config.weights());
        node = new FleetNode(context.identity().nodeId(), context.quarryVersion(), context.nodeName(), config,
                context.store(), registry);

        BundleInstaller installer = new BundleInstaller(context.dataDir().resolve("deployed"));
        deleteLeftovers(context.dataDir().resolve(BUNDLE_SPOOL), installer);
        WorkerActions actions = new WorkerActions(context.miners(), node::info, clock);
        WorkerDeployer deployer = new WorkerDeployer(context.identity(), installer,
                context.dataDir().resolve(BUNDLE_SPOOL), config.maxBundleBytes());
        actions.installedProfiles(deployer::profile);
        CommandGate gate = new CommandGate(node.id(), node::controllers,
                Duration.ofSeconds(config.commandMaxAgeSeconds()), clock);
        audit = new AuditLog(context.metrics().registry(), context.metrics().name("commands.accepted"),
                context.metrics().name("commands.refused"));
        context.transport().register(FleetProtocol.COMMAND,
                new CommandHandler(gate, audit, actions, () -> node.role().works()));
        context.transport().registerUpload(FleetProtocol.DEPLOY,
                new DeployHandler(gate, audit, deployer, () -> node.role().works()));

        FleetClient client = new FleetClient(context.identity(), context.transport(), registry, clock,
                Duration.ofMillis(config.commandTimeoutMs()));
        FleetController controller = new FleetController(registry, client, context.executors().virtual("fleet-calls"),
                node::info, actions, () -> node.role().works());
        PeerAdmission admission = new PeerAdmission(context.transport(), registry, controller, clock,
                Duration.ofMillis(config.commandTimeoutMs()), node.id());
        new FleetRoutes(node, registry, controller, admission, new Profiles(context.store()),
                context.dataDir().resolve(BUNDLE_SPOOL), config.maxBundleBytes()).register(context.http());
        context.http().assets(FleetControlPlugin.class.getClassLoader(), PANEL_RESOURCES);
        context.http().page("Nodes", "nodes.html");
        context.http().page("Fleet", "fleet.html");

        for (ProcessConfig process : config.processes()) {
            ProcessMiner miner = process.kind().equals("xmrig") ? new XmrigMiner(process, context.dataDir(), clock)
                    : new ProcessMiner(process, context.dataDir(), clock);
            processes.add(miner);
            context.miners().register(miner);
        }

        Gauge.builder(context.metrics().name("peers"), registry, r -> r.list().size())
                .description("peers in the registry").register(context.metrics().registry());
        Gauge.builder(context.metrics().name("peers.online"), registry,
                r -> r.list().stream().filter(p -> p.status().equals("online")).count())
                .description("peers whose last call succeeded").register(context.metrics().registry());
    }

    /**
     * Plaintext bundles a node killed mid-deploy left behind (spool files, partial or superseded installs): nothing
     * else would ever delete them.
     */
    private static void deleteLeftovers(Path spoolDir, BundleInstaller installer) {
        try {
            int deleted = BundleSpool.deleteLeftovers(spoolDir);
            if (deleted > 0) {
                LOG.info("deleted {} bundle spool files left by an interrupted deploy in {}", deleted, spoolDir);
            }
        } catch (IOException e) {
            LOG.warn("cannot clear the bundle spool {} (it may hold plaintext bundles): {}", spoolDir, e.getMessage());
        }
        try {
            int deleted = installer.deleteLeftovers();
            if (deleted > 0) {
                LOG.info("deleted {} bundle versions or links left by an interrupted install", deleted);
            }
        } catch (IOException e) {
            LOG.warn("cannot clear what an interrupted install left: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        for (ProcessMiner process : processes) {
            if (process.config().autostart()) {
                process.start();
            }
        }
        LOG.info("fleet-control started as {} '{}' ({}), {} peers, {} controllers", node.role().label(), node.name(),
                node.id(), registry.list().size(), node.controllers().size());
    }

    @Override
    public void stop() {
        // The external processes are ours to end; the transport, routes and executors close with the kernel.
        for (ProcessMiner process : processes.reversed()) {
            if (process instanceof XmrigMiner xmrig) {
                xmrig.terminate();
            } else {
                process.stop();
            }
            context.miners().unregister(process.id());
        }
        processes.clear();
    }

    @Override
    public Optional<Object> command() {
        return Optional.of(new FleetCommand());
    }

    /** The bound configuration (null before init). */
    FleetControlConfig config() {
        return config;
    }

    /** The audit counters (null before init). */
    AuditLog audit() {
        return audit;
    }
}
