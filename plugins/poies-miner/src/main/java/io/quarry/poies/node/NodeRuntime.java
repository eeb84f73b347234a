package io.quarry.poies.node;

import io.quarry.api.NodeContext;
import io.quarry.api.http.Http;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.api.miner.HashrateMeter;
import io.quarry.api.proof.StorageChallenge;
import io.quarry.api.proof.StorageProof;
import io.quarry.api.proof.StorageProofSource;
import io.quarry.poies.PoiesMinerConfig;
import io.quarry.poies.chain.ChainStore;
import io.quarry.poies.chain.Genesis;
import io.quarry.poies.hash.CpuDevice;
import io.quarry.poies.model.Block;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.node.rpc.PoiesRpcMethods;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.PolicyLoader;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.policy.ProviderKeyResolver;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.attest.AttestedKind;
import io.quarry.poies.proof.dev.DevProvider;
import io.quarry.poies.proof.dev.DevProviderKey;
import io.quarry.poies.proof.hash.HashShareKind;
import io.quarry.poies.proof.pool.DevJobProducer;
import io.quarry.poies.proof.pool.ProofPool;
import io.quarry.poies.proof.pool.ProofProducer;
import io.quarry.poies.proof.pool.ProofWorker;
import io.quarry.poies.proof.pool.StorageProducer;
import io.quarry.poies.proof.pool.VdfProducer;
import io.quarry.poies.proof.storage.LocalStorageProver;
import io.quarry.poies.proof.storage.StorageKind;
import io.quarry.poies.proof.vdf.VdfKind;
import io.quarry.poies.proof.vdf.VdfProver;
import io.quarry.poies.target.GenesisTheta;
import io.quarry.poies.target.RetargetSchedule;
import io.quarry.poies.target.ShareTargets;
import io.quarry.poies.target.ThetaRetarget;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node role assembled from the kernel's services: the policy, the chain in the plugin's store, the proof
 * workers, the orchestrator with its local scanner, the JSON-RPC, stats and recent-blocks routes, the meters and
 * the {@link LocalMiner}. Made in the plugin's {@code init} (nothing runs yet), started and stopped with it.
 */
public final class NodeRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    /** The JSON-RPC route under {@code /api/v1/poies-miner/}. */
    public static final String RPC_PATH = PoiesRpcMethods.PATH;
    /** The stats route under {@code /api/v1/poies-miner/}. */
    public static final String STATS_PATH = "stats";
    /** VDF squarings per proof: 0.2 nat of psi, about a second of one core. */
    static final long VDF_ITERATIONS = 1L << 18;
    /** AI (and Quantum) dev jobs per head: 4 jobs of about 0.3 nat fill a 1-nat type cap. */
    static final int DEV_JOBS_PER_HEAD = 4;
    /** How long a proof producer whose round failed rests. */
    static final Duration PRODUCER_BACKOFF = Duration.ofSeconds(10);
    /**
     * How long stop waits for proof rounds in progress (a VDF or the first plot write and hash take about a
     * second) before it closes the plot they read. The kernel interrupts the plugin's executors a second after.
     */
    static final Duration PROOF_STOP_WAIT = Duration.ofSeconds(5);

    private final NodeContext context;
    private final PoiesMinerConfig config;
    private final PoiesNodeService node;
    private final PooledProofSupply supply;
    private final LocalMiner miner;
    private final ScheduledExecutorService timer;
    private final InstantSource clock = InstantSource.system();
    /** Guarded by this. */
    private boolean stopped;
    /** Guarded by this. */
    private LocalStorageProver localStorage;
    private ScheduledFuture<?> refresh;
    /** Outside miners connected to the fronts, for the stats; the fronts are made after this runtime. */
    private volatile Supplier<Map<String, Object>> outsideMiners = Map::of;

    private NodeRuntime(NodeContext context, PoiesMinerConfig config) {
        this.context = context;
        this.config = config;
        DevProviderKey devKey = DevProviderKey.loadOrCreate(context.dataDir());
        Policy policy = loadPolicy(config, devKey);
        AtomicReference<PoiesNode> self = new AtomicReference<>();
        // Admitted shares become hashshare:v1 proofs for sibling templates; their kind looks templates up here.
        ProofRegistry registry = ProofRegistry.of(List.of(new VdfKind(), new StorageKind(), AttestedKind.ai(),
                AttestedKind.quantum(), new HashShareKind(id -> Optional.ofNullable(self.get())
                        .flatMap(n -> n.work(id)).map(Work::template))));
        ScheduledExecutorService timer = context.executors().scheduler("poies-timer");
        ProofPool pool = new ProofPool(registry, ProofPool.DEFAULT_CAPACITY);
        ProofWorker worker = new ProofWorker(pool, producers(config, new DevProvider(devKey)),
                context.executors().platform("poies-proofs", 1), clock, PRODUCER_BACKOFF);
        this.supply = new PooledProofSupply(pool, worker, timer, Duration.ofMillis(config.proofIntervalMs()),
                PROOF_STOP_WAIT);
        long genesisTheta = GenesisTheta.thetaMicro(
                GenesisTheta.DEV_HASHES_PER_SECOND * (config.scansLocally()
                        ? config.effectiveThreads() : 1), config.blockTimeSecs());
        HeaderTemplate.Params params = new HeaderTemplate.Params(genesisTheta, policy.gammaCapMicro(),
                policy.escortQPpm());
        Block genesis = Genesis.block(config.chainId(), params, new HeaderTemplate.PolicyRoots(policy.policyRoot(),
                TemplateFactory.ALG_POLICY_ROOT), clock.millis() / 1000);
        ChainStore chain = ChainStore.open(context.store(), config.chainId(), genesis, Genesis.seal(genesis),
                genesisTheta);
        HashrateMeter nonces = new HashrateMeter();
        PoiesMetrics metrics = new PoiesMetrics(context.metrics().registry(), new HashrateMeter());
        ShareTargets targets = new ShareTargets(config.targetSharesPerSec());
        RateLimiter limiter = new RateLimiter(new RateLimit(config.peerRequestsPerSec(),
                config.peerRequestBurst()), new RateLimit(config.globalRequestsPerSec(), config.globalRequestBurst()));
        LocalScanner.Factory scanner = null;
        if (config.scansLocally()) {
            int threads = config.effectiveThreads();
            targets.seed(LocalScanner.PEER, GenesisTheta.DEV_HASHES_PER_SECOND * threads);
            scanner = node -> new LocalScanner(node, targets, context.executors().virtual("poies-local-shares"),
                    listener -> new CpuDevice(threads, listener, nonces,
                            context.executors().platform("poies-cpu", threads)));
        }
        WorkSources sources = new WorkSources(chain, policy, registry, config.selection(), supply,
                new TemplateFactory(config.chainId(), config.coinbaseOr(context.identity().nodeId()), clock,
                        new SecureRandom()));
        this.node = new PoiesNodeService(sources,
                new RetargetSchedule(ThetaRetarget.forBlockTime(config.blockTimeSecs()), genesisTheta), targets,
                metrics, limiter, clock, scanner);
        self.set(node);
        this.miner = new LocalMiner(node, nonces, clock, context::recentLogs);
        this.timer = timer;
    }

    /** Assembles the node role and registers its routes, meters and miner. Starts nothing. */
    public static NodeRuntime create(NodeContext context, PoiesMinerConfig config) {
        NodeRuntime runtime = new NodeRuntime(context, config);
        PoiesRpcMethods.mount(context.jsonRpc(), runtime.node, config.rpcAccess());
        context.http().route(HttpMethod.GET, STATS_PATH, Http.Access.OPEN, request -> HttpResponse.ok(runtime.stats()));
        context.http().route(HttpMethod.GET, RecentBlocks.PATH, Http.Access.OPEN, new RecentBlocks(runtime.node));
        context.miners().register(runtime.miner);
        return runtime;
    }

    /**
     * Where {@code stats.outside} comes from: the fronts' connection counts (WebSocket getwork, Stratum). Set once
     * in the plugin's init, after the fronts exist.
     */
    public void reportOutsideMiners(Supplier<Map<String, Object>> source) {
        this.outsideMiners = Objects.requireNonNull(source, "source");
    }

    /** The node the fronts (WebSocket getwork, Stratum) serve. */
    public PoiesNode node() {
        return node;
    }

    /** Starts the proof workers, the scanner and the periodic work refresh. */
    public void start() {
        node.start();
        miner.started();
        long every = Math.max(250, config.templateRefreshMs());
        refresh = timer.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops everything {@link #start} started, in reverse: the refresh, the scanner, the proof workers (their rounds
     * awaited, up to {@link #PROOF_STOP_WAIT}), and only then the plot a storage round may be reading. Harmless to
     * repeat.
     */
    public void stop() {
        if (refresh != null) {
            refresh.cancel(false);
        }
        node.stop();
        closePlot();
    }

    private void refresh() {
        try {
            node.refresh();
        } catch (RuntimeException e) {
            LOG.warn("work refresh failed", e);
        }
    }

    /**
     * What {@code GET /api/v1/poies-miner/stats} answers: {@code head}, {@code work}, {@code miner} and
     * {@code state}, and for the dashboard panel {@code now} (the node's unix seconds, so a browser with another
     * clock still shows the right time since the last block), {@code chain} (chain id, target block time, Γ cap,
     * escort q and the policy root in force), {@code rejected} (refused shares by reason) and {@code outside}
     * (outside miners connected now).
     */
    Map<String, Object> stats() {
        ChainHead head = node.head();
        Work work = node.currentWork();
        HeaderTemplate template = work.template();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("head", Map.of("height", head.height(), "hash", head.hash().toString(), "time", head.time(),
                "thetaMicro", head.thetaMicro()));
        out.put("work", Map.of("templateId", work.templateId(), "height", template.height(),
                "proofs", work.proofs().stream().map(p -> p.typeId()).toList(), "psiMicro", work.psiMicro(),
                "blockHMicro", work.blockHMicro()));
        out.put("miner", miner.stats());
        out.put("state", miner.state().name());
        out.put("now", clock.millis() / 1000);
        out.put("chain", Map.of("chainId", template.chainId(), "blockTimeSecs", config.blockTimeSecs(),
                "gammaCapMicro", template.params().gammaCapMicro(), "escortQMicro", template.params().escortQMicro(),
                "policyRoot", template.policyRoots().poiesPolicy().toString()));
        out.put("rejected", node.metrics().rejectedByReason());
        out.put("outside", outsideMiners.get());
        return out;
    }

    /** The producers {@code proof_kinds} asks for. */
    private List<ProofProducer> producers(PoiesMinerConfig config, DevProvider dev) {
        List<ProofProducer> producers = new ArrayList<>();
        for (String kind : config.proofKinds()) {
            switch (kind) {
                case "vdf" -> producers.add(new VdfProducer(new VdfProver(VDF_ITERATIONS)));
                case "storage" -> producers.add(new StorageProducer(() -> context.service(StorageProofSource.class),
                        this::localStorage));
                case "ai" -> producers.add(new DevJobProducer(dev, ProofType.AI, DEV_JOBS_PER_HEAD));
                case "quantum" -> producers.add(new DevJobProducer(dev, ProofType.QUANTUM, DEV_JOBS_PER_HEAD));
                default -> throw new IllegalStateException("proof_kinds was validated, found " + kind);
            }
        }
        return producers;
    }

    /**
     * The node's own plot, opened (and on first start written and hashed) when a storage proof first needs it.
     * Only the proof workers read it, and {@link #stop} closes it after they stopped; once stopped, no proof opens
     * it again.
     */
    private StorageProofSource localStorage() {
        return new StorageProofSource() {
            @Override
            public String name() {
                return "local-plot";
            }

            @Override
            public Optional<StorageProof> prove(StorageChallenge challenge) {
                return openPlot().flatMap(plot -> plot.prove(challenge));
            }
        };
    }

    private synchronized Optional<LocalStorageProver> openPlot() {
        if (stopped) {
            return Optional.empty();
        }
        if (localStorage == null) {
            localStorage = LocalStorageProver.open(context.dataDir(), LocalStorageProver.DEFAULT_LEAF_COUNT,
                    LocalStorageProver.DEFAULT_LEAF_SIZE);
        }
        return Optional.of(localStorage);
    }

    private synchronized void closePlot() {
        stopped = true;
        if (localStorage != null) {
            localStorage.close();
            localStorage = null;
        }
    }

    private static Policy loadPolicy(PoiesMinerConfig config, DevProviderKey devKey) {
        ProviderKeyResolver resolver = ProviderKeyResolver.of(Map.of(ProviderKeyResolver.LOCAL_DEV_PROVIDER,
                devKey.publicKey()));
        if (config.policyFile().isBlank()) {
            return PolicyLoader.devPolicy(resolver);
        }
        return PolicyLoader.load(Path.of(config.policyFile()), resolver);
    }
}
