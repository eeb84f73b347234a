package io.quarry.storage;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.http.Http;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.proof.StorageProofSource;
import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.storage.miner.MinerHttp;
import io.quarry.storage.miner.MinerLimits;
import io.quarry.storage.miner.MinerService;
import io.quarry.storage.miner.Rebalancer;
import io.quarry.storage.miner.StorageNodeMiner;
import io.quarry.storage.miner.ValidatorLink;
import io.quarry.storage.pos.ShardProofSource;
import io.quarry.storage.store.ShardStore;
import io.quarry.storage.validator.ValidatorRuntime;
import io.quarry.storage.wire.InProcessTransport;
import io.micrometer.core.instrument.Gauge;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage-miner plugin: with the {@code miner} role it stores erasure-coded shards, serves them, registers and
 * heartbeats with its validator and answers proof-of-storage challenges; with the {@code validator} role it keeps
 * the cluster map, places and pushes shards for uploaded files and rebuilds them for downloads. docs/plugins.md
 * (storage-miner) describes protocols, keys, routes and metrics; docs/storage-placement.md the placement.
 */
public final class StorageMinerPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(StorageMinerPlugin.class);

    /** The dashboard panel's files, served at {@code /plugins/storage-miner/}. */
    static final String PANEL_RESOURCES = "/io/quarry/storage/panel/";

    /** Hot-cache bytes: at most this much of the 10k cached shards is kept in memory. */
    static final long CACHE_BYTES = 256L << 20;

    private final InstantSource clock;
    private NodeContext context;
    private StorageMinerConfig config;
    private ShardStore store;
    private MinerService minerService;
    private StorageNodeMiner miner;
    private ValidatorRuntime validator;
    private ValidatorLink link;
    private Rebalancer rebalancer;
    private ScheduledFuture<?> rebalancing;

    /** The plugin on the system clock (how the kernel creates it). */
    public StorageMinerPlugin() {
        this(InstantSource.system());
    }

    /** The plugin on {@code clock}, for tests that move time (offline detection, signed timestamps). */
    public StorageMinerPlugin(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public ConfigSpec<?> configSpec() {
        return StorageMinerConfig.SPEC;
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(StorageMinerConfig.SPEC);
        StorageMetrics metrics = new StorageMetrics(context.metrics().registry());
        String self = context.identity().nodeId();
        config.checkValidatorAddress(self);
        // A node that is its own validator's miner reaches itself in process: the kernel transport does not dial itself.
        Transport transport = config.ownValidator(self)
                ? new InProcessTransport(context.transport(), self, context.executors().virtual("storage-local"))
                : context.transport();
        if (config.isMiner()) {
            initMiner(metrics, clock, transport);
        }
        if (config.isValidator()) {
            validator = ValidatorRuntime.create(context, transport, config, metrics, clock);
        }
        context.http().route(HttpMethod.GET, "stats", Http.Access.OPEN, request -> HttpResponse.ok(stats()));
        context.http().assets(StorageMinerPlugin.class.getClassLoader(), PANEL_RESOURCES);
    }

    /** What {@code GET stats} answers and the panel shows: {@code miner} and/or {@code cluster}. */
    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("roles", config.roles());
        if (miner != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", miner.state().name());
            m.put("detail", miner.stateDetail());
            m.putAll(miner.stats().extra());
            m.put("epoch", minerService.placement().map(p -> p.map().epoch()).orElse(0L));
            stats.put("miner", m);
        }
        if (validator != null) {
            stats.put("cluster", validator.clusterView());
        }
        return stats;
    }

    private void initMiner(StorageMetrics metrics, InstantSource clock, Transport transport) {
        Path path = config.storagePath().isEmpty() ? context.dataDir().resolve("blobs") : Path.of(config.storagePath());
        store = ShardStore.open(path, config.maxStorageBytes(), 10_000, CACHE_BYTES);
        MinerLimits limits = MinerLimits.of(config.storeConcurrency(), config.pullConcurrency(),
                config.fetchConcurrency(), config.posConcurrency());
        String self = context.identity().nodeId();
        Optional<PeerAddress> validatorPeer = config.ownValidator(self)
                // Never dialled: the in-process transport answers calls to this node's own id.
                ? Optional.of(new PeerAddress(self, "127.0.0.1", context.transport().localAddress()
                        .map(InetSocketAddress::getPort).orElse(1)))
                : config.validatorPeer();
        minerService = new MinerService(store, validatorPeer.map(PeerAddress::nodeId).orElse(""), limits, transport,
                metrics);
        minerService.register();
        Optional<ValidatorLink> link = validatorPeer.map(peer -> new ValidatorLink(transport,
                context.identity(), peer, config.familyId(), store, minerService,
                new ValidatorLink.Timing(Duration.ofSeconds(config.heartbeatIntervalSecs()),
                        Duration.ofSeconds(config.registrationRetrySecs()), Duration.ofSeconds(config.initialBackoffSecs()),
                        Duration.ofSeconds(config.maxBackoffSecs())),
                context.executors().scheduler("storage-link-timer"), context.executors().virtual("storage-link"), clock));
        if (config.rebalanceEnabled() && link.isPresent()) {
            rebalancer = new Rebalancer(self, validatorPeer.orElseThrow(), transport, minerService, config.epochLookback(), clock, metrics);
        }
        this.link = link.orElse(null);
        miner = new StorageNodeMiner(store, link, metrics, clock, context::recentLogs);
        context.miners().register(miner);
        if (config.httpEnabled()) {
            MinerHttp.register(context.http(), store, miner);
        }
        if (link.isPresent()) {
            // A miner in a cluster proves the shards it keeps; a stand-alone one (no validator) offers nothing, so
            // a consumer such as poies-miner keeps its own prover.
            context.offer(StorageProofSource.class, new ShardProofSource(store));
        }
        var registry = metrics.registry();
        Gauge.builder("quarry.storage.used.bytes", store, ShardStore::usedBytes).register(registry);
        Gauge.builder("quarry.storage.max.bytes", store, ShardStore::maxBytes).register(registry);
        Gauge.builder("quarry.storage.shards", store, ShardStore::count).register(registry);
        Gauge.builder("quarry.storage.corrupt.reads", store, ShardStore::corruptReads).register(registry);
    }

    @Override
    public void start() {
        if (miner != null) {
            miner.start();
        }
        if (rebalancer != null) {
            var worker = context.executors().virtual("storage-rebalance");
            rebalancing = context.executors().scheduler("storage-rebalance-timer").scheduleWithFixedDelay(
                    () -> worker.execute(this::rebalance), config.rebalanceTickSecs(), config.rebalanceTickSecs(),
                    TimeUnit.SECONDS);
        }
        if (validator != null) {
            validator.start();
        }
        LOG.info("storage-miner started: roles {}, family {}", config.roles(), config.familyId());
    }

    private void rebalance() {
        if (link == null || link.state() != ValidatorLink.State.REGISTERED) {
            return;
        }
        try {
            rebalancer.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Rebalancing pass failed: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (rebalancing != null) {
            rebalancing.cancel(false);
        }
        try {
            if (validator != null) {
                validator.stop();
            }
        } finally {
            if (miner != null) {
                miner.stop();
                context.miners().unregister(StorageNodeMiner.ID);
            }
        }
    }

    /** The bound configuration (null before init). */
    StorageMinerConfig config() {
        return config;
    }

    /** {@code quarry storage keypair|backup|restore}. */
    @Override
    public Optional<Object> command() {
        return Optional.of(new io.quarry.storage.cli.StorageCommand());
    }

    /** The miner role's service, when this node has it. */
    public Optional<MinerService> minerService() {
        return Optional.ofNullable(minerService);
    }

    /** The rebalancer, when the miner role has one. */
    public Optional<Rebalancer> rebalancer() {
        return Optional.ofNullable(rebalancer);
    }

    /** The validator role, when this node has it. */
    public Optional<ValidatorRuntime> validator() {
        return Optional.ofNullable(validator);
    }
}
