package io.quarry.subnet;

import io.quarry.api.NodeContext;
import io.quarry.api.QuarryPlugin;
import io.quarry.api.config.ConfigSpec;
import io.quarry.api.http.HttpListener;
import io.quarry.api.http.HttpMethod;
import io.quarry.api.http.HttpResponse;
import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.api.miner.UnavailableMiner;
import io.quarry.api.retry.BackoffPolicy;
import io.quarry.api.subnet.SubnetHandlers;
import io.quarry.subnet.api.CvmHandler;
import io.quarry.subnet.api.CvmJob;
import io.quarry.subnet.api.RequestLog;
import io.quarry.subnet.api.SignedRoutes;
import io.quarry.subnet.api.SubnetGate;
import io.quarry.subnet.api.SubnetMetrics;
import io.quarry.subnet.cli.SubnetCommand;
import io.quarry.subnet.epistula.EpistulaVerifier;
import io.quarry.subnet.epistula.ReplayGuard;
import io.quarry.subnet.host.HostInfo;
import io.quarry.subnet.host.HostInfoCache;
import io.quarry.subnet.metagraph.MetagraphFile;
import io.quarry.subnet.metagraph.MetagraphSource;
import io.quarry.subnet.metagraph.NoMetagraph;
import io.quarry.subnet.metagraph.ValidatorPolicy;
import io.quarry.subnet.wallet.Hotkey;
import io.quarry.subnet.wallet.WalletException;
import io.quarry.subnet.wallet.WalletFiles;
import io.quarry.subnet.orchestrator.JobDispatcher;
import io.quarry.subnet.orchestrator.OrchestratorClient;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subnet-miner plugin: a Bittensor subnet miner whose public API (its own listener, {@code listen})
 * serves {@code GET /health} unsigned and every {@link io.quarry.api.subnet.SubnetHandler} route, {@code /cvm}
 * built in, to validators whose Epistula-signed requests pass the metagraph checks; optionally also takes
 * jobs from an orchestrator. See docs/plugins.md.
 */
public final class SubnetMinerPlugin implements QuarryPlugin {

    private static final Logger LOG = LoggerFactory.getLogger(SubnetMinerPlugin.class);

    /** Id of the miner this plugin registers. */
    public static final String MINER_ID = "subnet-miner/local";
    /** Replay keys held at most (live ones are never evicted; beyond this new requests get 429). */
    static final int REPLAY_CAPACITY = 200_000;

    private final InstantSource clock;
    private NodeContext context;
    private SubnetMinerConfig config;
    private HttpListener listener;
    private SubnetMiner miner;
    private SignedRoutes routes;
    private OrchestratorClient orchestrator;
    private String hotkey;

    public SubnetMinerPlugin() {
        this(InstantSource.system());
    }

    /** With an injected clock (tests). */
    public SubnetMinerPlugin(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public ConfigSpec<?> configSpec() {
        return SubnetMinerConfig.SPEC;
    }

    @Override
    public Optional<Object> command() {
        return Optional.of(new SubnetCommand());
    }

    @Override
    public void init(NodeContext context) {
        this.context = context;
        this.config = context.config(SubnetMinerConfig.SPEC);
        Path wallets = config.wallets(context.dataDir());
        Optional<Path> metagraphFile = config.metagraph(context.dataDir()).or(() -> config.devWallets()
                ? Optional.of(context.dataDir().resolve("dev-metagraph.json")) : Optional.empty());
        if (config.devWallets()) {
            DevWallets.ensure(wallets, config.walletName(), config.hotkeyName(), metagraphFile.orElseThrow(),
                    config.netuid(), config.minStake());
        }
        Path hotkeyFile = WalletFiles.hotkeyFile(wallets, config.walletName(), config.hotkeyName());
        Hotkey hotkey;
        try {
            hotkey = WalletFiles.load(hotkeyFile);
        } catch (WalletException e) {
            LOG.warn("subnet-miner has no usable hotkey: {}", e.getMessage());
            context.miners().register(new UnavailableMiner(MINER_ID, "subnet", e.getMessage()));
            return;
        }
        MetagraphSource metagraph = metagraphFile.<MetagraphSource>map(file -> new MetagraphFile(file, clock,
                MetagraphFile.DEFAULT_CHECK_INTERVAL)).orElseGet(NoMetagraph::new);
        ReplayGuard replays = new ReplayGuard(REPLAY_CAPACITY);
        ValidatorPolicy validators = new ValidatorPolicy(config.minStake());
        EpistulaVerifier verifier = new EpistulaVerifier(hotkey.ss58(), config.freshness(), config.legacyHeaders(),
                clock, replays, signer -> validators.refusal(metagraph.current(), signer));
        SubnetMetrics metrics = new SubnetMetrics(context.metrics().registry());
        RequestLog requests = new RequestLog();
        listener = context.http().listener(config.listenAddress());
        SubnetGate gate = new SubnetGate(this::serving, verifier, replays,
                new RateLimiter(config.rateLimit(), RateLimit.OFF, clock, RateLimiter.DEFAULT_MAX_KEYS),
                config.maxBodyBytes(), clock,
                metrics, requests);
        JobDispatcher jobs = new JobDispatcher();
        HostInfoCache host = new HostInfoCache(HostInfo::read, clock, Duration.ofMinutes(1));
        routes = new SignedRoutes(listener, gate, jobs);
        this.hotkey = hotkey.ss58();
        if (!config.orchestratorUrl().isBlank()) {
            orchestrator = new OrchestratorClient(URI.create(config.orchestratorUrl()), hotkey,
                    () -> host.get().gpuInfo(), jobs, BackoffPolicy.DEFAULT, clock, new SecureRandom());
        }
        miner = new SubnetMiner(hotkey.ss58(), this::listenAddress, metagraph, routes, metrics, requests,
                () -> orchestrator == null ? Map.of("configured", false) : orchestrator.status(), context::recentLogs,
                clock);
        listener.route(HttpMethod.GET, "/health", gate.open("/health", request -> serving()
                ? HttpResponse.ok(Map.of("status", "ok"))
                : HttpResponse.json(503, Map.of("status", "stopped"))));
        CvmHandler cvm = new CvmHandler(host, config.bidPerHour(), config.attestation());
        routes.register(cvm);
        routes.registerJob(new CvmJob(cvm));
        context.offer(SubnetHandlers.class, routes);
        context.miners().register(miner);
        context.http().route(HttpMethod.GET, "stats", request -> HttpResponse.ok(miner.view()));
        context.http().assets(SubnetMinerPlugin.class.getClassLoader(), "io/quarry/subnet/panel");
    }

    @Override
    public void start() {
        if (listener == null) {
            return;
        }
        try {
            listener.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("subnet-miner.listen: " + e.getMessage()
                    + "; pick another address with --set subnet-miner.listen=HOST:PORT", e);
        }
        miner.start();
        if (orchestrator != null) {
            orchestrator.start();
        }
        LOG.info("subnet-miner serving GET /health and POST {} on {} as hotkey {}",
                String.join(", ", routes.routes()), listenAddress(), hotkey);
    }

    @Override
    public void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (miner != null) {
            miner.stop();
        }
        if (listener != null) {
            listener.close();
        }
        if (context != null) {
            context.miners().unregister(MINER_ID);
        }
    }

    private boolean serving() {
        return miner != null && miner.serving();
    }

    /** The bound configuration (null before init). */
    SubnetMinerConfig config() {
        return config;
    }

    private String listenAddress() {
        try {
            var address = listener.address();
            return address.getHostString() + ":" + address.getPort();
        } catch (IllegalStateException notStarted) {
            return config.listen().toString();
        }
    }
}
