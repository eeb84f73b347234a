package io.quarry.poies.remote;

import io.quarry.api.NodeContext;
import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.poies.Device;
import io.quarry.poies.PoiesMinerConfig;
import io.quarry.poies.node.PoiesNode;
import io.quarry.poies.stratum.StratumServer;
import io.quarry.poies.stratum.StratumSettings;
import io.quarry.poies.stratum.WorkBackend;
import io.quarry.poies.ws.GetworkEndpoint;
import java.net.URI;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the plugin runs for outside miners, by role:
 * <ul>
 *   <li>node role: WebSocket getwork at {@code /api/v1/poies-miner/ws} (same access as the RPC route), and the
 *       Stratum server on {@code stratum_listen} in front of the local chain;</li>
 *   <li>miner role: a {@link RemoteMiner} scanning on {@code threads} CPU threads for the node at {@code ws_url} /
 *       {@code rpc_url} (unless {@code device = "none"}), registered as {@value RemoteMiner#ID}; without the node
 *       role, {@code stratum_listen} makes this node a Stratum proxy for that node ({@link ProxyBackend}), which is
 *       what {@code quarry poies stratum-proxy} runs.</li>
 * </ul>
 * Created in the plugin's {@code init} (routes and miners registered), started after the node role, stopped before
 * it.
 */
public final class EdgeRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeRuntime.class);

    private final GetworkEndpoint getwork;
    private final ProxyBackend proxy;
    private final StratumServer stratum;
    private final RemoteMiner miner;
    private boolean started;

    private EdgeRuntime(GetworkEndpoint getwork, ProxyBackend proxy, StratumServer stratum, RemoteMiner miner) {
        this.getwork = getwork;
        this.proxy = proxy;
        this.stratum = stratum;
        this.miner = miner;
    }

    /** Builds and registers what {@code config}'s roles call for; {@code node} is present with the node role. */
    public static EdgeRuntime create(NodeContext context, PoiesMinerConfig config, Optional<PoiesNode> node) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(config, "config");
        var registry = context.metrics().registry();
        GetworkEndpoint getwork = null;
        WorkBackend backend = null;
        ProxyBackend proxy = null;
        if (node.isPresent()) {
            getwork = new GetworkEndpoint(node.get(), registry, context.metrics().name("ws"));
            getwork.register(context.jsonRpc(), config.rpcAccess());
            backend = WorkBackend.of(node.get());
        } else if (config.isMiner() && config.stratumListen().isPresent()) {
            proxy = new ProxyBackend(endpoints(config), config.targetSharesPerSec(), new RateLimiter(
                    new RateLimit(config.peerRequestsPerSec(), config.peerRequestBurst()),
                    new RateLimit(config.globalRequestsPerSec(), config.globalRequestBurst())), registry, context.metrics().name("proxy"));
            backend = proxy;
        }
        StratumServer stratum = backend != null && config.stratumListen().isPresent()
                ? new StratumServer(context.jsonRpc(), StratumSettings.from(config), backend, registry,
                        context.metrics().name("stratum"))
                : null;
        RemoteMiner miner = null;
        if (config.isMiner() && config.device() == Device.CPU) {
            miner = new RemoteMiner(endpoints(config), config.effectiveThreads(), InstantSource.system(), LOG::info);
            context.miners().register(miner);
        }
        return new EdgeRuntime(getwork, proxy, stratum, miner);
    }

    /** Starts serving and mining; the node role must be started already. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("poies-miner edge already started");
        }
        started = true;
        if (getwork != null) {
            getwork.start();
        }
        if (proxy != null) {
            proxy.start();
            LOG.info("Stratum proxy for {}", proxy.upstream().endpoints().describe());
        }
        if (stratum != null) {
            stratum.start();
        }
        if (miner != null) {
            miner.start();
        }
    }

    /** Stops mining and serving, in reverse order; harmless when not started or already stopped. */
    public synchronized void stop() {
        started = false;
        if (miner != null) {
            quietly("the remote miner", miner::stop);
        }
        if (stratum != null) {
            quietly("the Stratum server", stratum::close);
        }
        if (proxy != null) {
            quietly("the Stratum proxy's upstream", proxy::close);
        }
        if (getwork != null) {
            quietly("WebSocket getwork", getwork::close);
        }
    }

    /**
     * Outside miners connected now, for the node's stats: {@code getwork} (WebSocket connections subscribed to
     * new work) and {@code stratum} (connections with an authorized worker); a front that is off is absent.
     */
    public Map<String, Object> outsideMiners() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (getwork != null) {
            out.put("getwork", getwork.subscriberCount());
        }
        if (stratum != null) {
            out.put("stratum", stratum.authorizedSessions());
        }
        return out;
    }

    /** The Stratum server, when one runs. */
    public Optional<StratumServer> stratum() {
        return Optional.ofNullable(stratum);
    }

    /** The remote miner, with the miner role. */
    public Optional<RemoteMiner> miner() {
        return Optional.ofNullable(miner);
    }

    /** One failing step must not keep the others from stopping. */
    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warn("Stopping {} failed: {}", what, e.toString());
        }
    }

    private static Upstream.Endpoints endpoints(PoiesMinerConfig config) {
        return new Upstream.Endpoints(uri(config.wsUrl()), uri(config.rpcUrl()), Optional.empty());
    }

    private static Optional<URI> uri(String url) {
        return url.isBlank() ? Optional.empty() : Optional.of(URI.create(url.trim()));
    }
}
