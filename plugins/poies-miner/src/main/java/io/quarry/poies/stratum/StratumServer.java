package io.quarry.poies.stratum;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcException;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.api.limit.RateVerdict;
import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.SchemaException;
import io.quarry.poies.model.ShareDigest;
import io.quarry.poies.node.SubmitResult;
import io.quarry.poies.node.Work;
import io.quarry.poies.node.WorkSubscription;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stratum server ({@code docs/plugins.md}, poies-miner Stratum) on the kernel's JSON-RPC line server, in the
 * Stratum v1 dialect ({@code [code, message, data]} errors, {@code "id":null} notifications). A connection
 * subscribes, authorizes a worker, then receives {@code mining.set_difficulty} (its own micro-target, tuned toward
 * {@code target_shares_per_sec} per connection) and {@code mining.notify} (extended with policyRoots, thetaMicro and
 * mixSeed: positions in {@link IssuedJob}) at once and whenever the work rotates, and submits nonces with {@code
 * mining.submit} ({@link SubmitParams}). Every share is rebuilt here into a HashShare envelope and goes through the
 * backend's single admission path (schema, header link, u-draw domain, target ratio, nullifier freshness); a refusal
 * is answered with a Stratum code and the precise reason ({@link StratumError}) and counted in {@code
 * animica_miner_shares_rejected_total{reason}}.
 *
 * <p>{@code mining.subscribe} params are {@code [user_agent]} (optional); its result is
 * {@code [[["mining.set_difficulty", id], ["mining.notify", id]], extranonce1, 4]}: 4 bytes of extranonce1 in hex
 * that the connection should use as the high half of its nonces (so miners do not scan the same nonces), and 4
 * bytes left to the miner. {@code mining.authorize} params are {@code [worker_name, password]}; the password is
 * not checked (this Stratum is open by design; restrict who reaches {@code stratum_listen} instead).
 *
 * <p>Limits: lines over {@link StratumSettings#MAX_LINE_BYTES} and unreadable lines are answered and, repeated,
 * disconnected by the line server; every subscribe, authorize and submit spends a token from the node's shared
 * per-address and global buckets, on top of the line server's per-connection bucket.
 *
 * <p>Meters: {@code <prefix>.sessions} (authorized connections), {@code <prefix>.notifies} (jobs sent) and
 * {@code <prefix>.errors{reason}} (requests refused for protocol reasons: not subscribed, unauthorized, bad
 * params).
 */
public final class StratumServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StratumServer.class);

    /** Bytes of extranonce1, and of the nonce left to the miner. */
    static final int EXTRANONCE1_BYTES = 4;
    static final int EXTRANONCE2_BYTES = 4;
    private static final int MAX_AGENT_LENGTH = 256;

    private final JsonRpcServers rpc;
    private final StratumSettings settings;
    private final WorkBackend backend;
    private final MeterRegistry registry;
    private final String prefix;
    private final Counter notifies;
    private final AtomicInteger extranonces = new AtomicInteger(ThreadLocalRandom.current().nextInt());
    private final AtomicReference<IssuedJob> latest = new AtomicReference<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile JsonRpcServer server;
    private volatile WorkSubscription workListener;

    /**
     * @param rpc the kernel's line servers
     * @param settings address and limits
     * @param backend where work comes from and shares go
     * @param registry where meters go
     * @param prefix meter name prefix ({@code PluginMetrics.name("stratum")})
     */
    public StratumServer(JsonRpcServers rpc, StratumSettings settings, WorkBackend backend, MeterRegistry registry,
                         String prefix) {
        this.rpc = Objects.requireNonNull(rpc, "rpc");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.notifies = Counter.builder(prefix + ".notifies").description("mining.notify messages sent")
                .register(registry);
        Gauge.builder(prefix + ".sessions", this, StratumServer::authorizedSessions)
                .description("Stratum connections with an authorized worker").register(registry);
    }

    /** Binds the port and starts serving; fails when the address is taken. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Stratum server already started");
        }
        JsonRpcServerSettings serverSettings = JsonRpcServerSettings.of("poies-stratum", settings.host(),
                settings.port()).withDialect(JsonRpcDialect.STRATUM_V1).withLimits(settings.limits());
        JsonRpcMethods methods = new JsonRpcMethods(Map.of(
                "mining.subscribe", this::subscribe,
                "mining.authorize", this::authorize,
                "mining.submit", this::submit), this::closed);
        workListener = backend.onWork(this::publish);
        backend.currentWork().ifPresent(work -> latest.compareAndSet(null, IssuedJob.of(0, work)));
        server = rpc.open(serverSettings, session -> methods);
        LOG.info("Stratum server for outside miners on {}", server.address());
    }

    /** The bound address. */
    public InetSocketAddress address() {
        JsonRpcServer s = server;
        if (s == null) {
            throw new IllegalStateException("Stratum server not started");
        }
        return s.address();
    }

    /** Connections with at least one authorized worker. */
    public int authorizedSessions() {
        JsonRpcServer s = server;
        if (s == null) {
            return 0;
        }
        return (int) s.sessions().stream().map(StratumServer::state).filter(m -> m != null && m.isAuthorized())
                .count();
    }

    /** Stops listening, hangs up on every miner and stops following work; harmless twice. */
    @Override
    public synchronized void close() {
        if (workListener != null) {
            workListener.close();
            workListener = null;
        }
        JsonRpcServer s = server;
        if (s != null) {
            s.close();
        }
    }

    private Object subscribe(JsonRpcSession session, JsonRpcRequest request) {
        spendToken(session, null);
        MinerSession miner = state(session);
        if (miner == null) {
            String agent = agent(request.params());
            String extranonce1 = String.format("%08x", extranonces.getAndIncrement());
            miner = new MinerSession(session, extranonce1, agent);
            session.attributes().put(MinerSession.ATTRIBUTE, miner);
            LOG.debug("Stratum {} from {} subscribed ({}), extranonce1 {}", session.id(), session.remote(), agent,
                    extranonce1);
        }
        String id = session.id();
        return List.of(List.of(List.of("mining.set_difficulty", id), List.of("mining.notify", id)),
                miner.extranonce1(), EXTRANONCE2_BYTES);
    }

    private Object authorize(JsonRpcSession session, JsonRpcRequest request) {
        MinerSession miner = subscribed(session);
        spendToken(session, null);
        JsonRpcValue params = request.params();
        if (!params.isArray() || params.size() < 1 || params.size() > 2) {
            throw invalidParams("params: expected [worker_name, password]");
        }
        String worker;
        try {
            worker = SubmitParams.name(params.get(0), "params[0] (worker_name)");
        } catch (SchemaException e) {
            throw invalidParams(e.getMessage());
        }
        boolean first = !miner.isAuthorized();
        if (!miner.authorize(worker)) {
            error("too_many_workers");
            throw new JsonRpcException(StratumError.UNAUTHORIZED, "Unauthorized worker: a connection may authorize "
                    + "at most " + MinerSession.MAX_WORKERS + " workers");
        }
        if (first) {
            LOG.info("Stratum miner {} connected from {} ({})", worker, session.remote(), miner.agent());
            // Read after authorizing: a job published from now on reaches this connection through publish, and
            // the sequence check keeps the two from sending an older job last.
            IssuedJob job = latest.get();
            if (job != null) {
                push(miner, job);
            }
        }
        return true;
    }

    private Object submit(JsonRpcSession session, JsonRpcRequest request) {
        MinerSession miner = subscribed(session);
        spendToken(session, miner);
        SubmitParams params;
        try {
            params = SubmitParams.read(request.params());
        } catch (SchemaException e) {
            backend.recordRejected(SubmitResult.SCHEMA);
            miner.countRejected();
            throw StratumError.refused(SubmitResult.rejected(SubmitResult.SCHEMA, "Malformed share: "
                    + e.getMessage()));
        }
        if (!miner.isAuthorized(params.worker())) {
            error("unauthorized");
            throw StratumError.unauthorized(params.worker());
        }
        Work work = miner.job(params.jobId()).or(() -> backend.work(params.jobId())).orElse(null);
        if (work == null) {
            backend.recordRejected(SubmitResult.UNKNOWN_TEMPLATE);
            miner.countRejected();
            throw StratumError.refused(SubmitResult.rejected(SubmitResult.UNKNOWN_TEMPLATE, "Job not found: job "
                    + params.jobId() + " was not sent on this connection and the node does not know it"));
        }
        SubmitResult result = backend.submitShare(share(work, params).toEnvelope(), miner.source());
        if (!result.isAccepted()) {
            miner.countRejected();
            throw StratumError.refused(result);
        }
        miner.countAccepted();
        if (result.isSealed()) {
            LOG.info("Stratum miner {} sealed block {} at height {}", params.worker(),
                    result.blockHash().orElseThrow(), work.template().height());
        }
        miner.sendTargetIfChanged(backend.shareTarget(miner.source()));
        return true;
    }

    /**
     * The HashShare envelope for a submitted nonce: computed here when the miner sent only the nonce, or built
     * around the miner's digest (then admission checks that digest against the template).
     */
    private static HashShare share(Work work, SubmitParams params) {
        if (params.digest().isEmpty()) {
            return UDraw.share(work.template(), params.nonce());
        }
        var digest = params.digest().get();
        long ppm = UDraw.dRatioPpm(UDraw.hMicro(ShareDigest.u(digest)), work.template().thetaMicro());
        return HashShare.of(work.template(), params.nonce(), digest, ppm);
    }

    private void spendToken(JsonRpcSession session, MinerSession miner) {
        RateVerdict verdict = backend.limiter().tryAcquire(address(session));
        if (verdict.allowed()) {
            return;
        }
        if (miner != null) {
            backend.recordRejected(SubmitResult.RATE_LIMITED);
            miner.countRejected();
        }
        throw StratumError.refused(SubmitResult.rejected(SubmitResult.RATE_LIMITED,
                verdict == RateVerdict.KEY_LIMITED ? "this address is over its request rate"
                        : "the node is over its request rate"));
    }

    private void publish(Work work) {
        IssuedJob job = IssuedJob.of(sequence.incrementAndGet(), work);
        latest.set(job);
        JsonRpcServer s = server;
        if (s == null) {
            return;
        }
        for (JsonRpcSession session : s.sessions()) {
            MinerSession miner = state(session);
            if (miner != null && miner.isAuthorized()) {
                push(miner, job);
            }
        }
    }

    private void push(MinerSession miner, IssuedJob job) {
        if (miner.push(job, backend.shareTarget(miner.source()))) {
            notifies.increment();
        } else if (miner.session().isOpen()) {
            LOG.debug("Stratum {} did not take job {}", miner.session().id(), job.id());
        }
    }

    private void closed(JsonRpcSession session, String reason) {
        MinerSession miner = state(session);
        if (miner != null && miner.isAuthorized()) {
            LOG.info("Stratum miner from {} left ({}): {} shares accepted, {} rejected", session.remote(), reason,
                    miner.accepted(), miner.rejected());
        }
    }

    private MinerSession subscribed(JsonRpcSession session) {
        MinerSession miner = state(session);
        if (miner == null) {
            error("not_subscribed");
            throw StratumError.notSubscribed();
        }
        return miner;
    }

    private static MinerSession state(JsonRpcSession session) {
        return session.attribute(MinerSession.ATTRIBUTE, MinerSession.class).orElse(null);
    }

    private String agent(JsonRpcValue params) {
        if (params.isArray() && params.size() > 0 && !params.get(0).isNull()) {
            JsonRpcValue agent = params.get(0);
            if (!agent.isString() || agent.asString().length() > MAX_AGENT_LENGTH) {
                throw invalidParams("params[0] (user_agent): expected a string of at most " + MAX_AGENT_LENGTH
                        + " characters");
            }
            return agent.asString().replaceAll("[^\\x20-\\x7e]", "?");
        }
        return "unknown agent";
    }

    private JsonRpcException invalidParams(String message) {
        error("invalid_params");
        return JsonRpcException.invalidParams(message);
    }

    private void error(String reason) {
        Counter.builder(prefix + ".errors").description("Stratum requests refused for protocol reasons")
                .tag("reason", reason).register(registry).increment();
    }

    private static String address(JsonRpcSession session) {
        InetSocketAddress remote = session.remote();
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
