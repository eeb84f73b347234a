package io.quarry.randomx.stratum;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarry.api.jsonrpc.JsonRpcDialect;
import io.quarry.api.jsonrpc.JsonRpcMethods;
import io.quarry.api.jsonrpc.JsonRpcRequest;
import io.quarry.api.jsonrpc.JsonRpcServer;
import io.quarry.api.jsonrpc.JsonRpcServerSettings;
import io.quarry.api.jsonrpc.JsonRpcServers;
import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.jsonrpc.JsonRpcValue;
import io.quarry.api.miner.MinerStats;
import io.quarry.api.miner.HashrateMeter;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.ShareCounters;
import io.quarry.randomx.job.ShareHasher;
import io.quarry.randomx.job.StratumJobFormat;
import io.quarry.randomx.job.WorkSource;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Monero Stratum endpoint for outside miners, as xmrig-proxy offers one: {@code login} answers a login id and a
 * job ({@code blob}, {@code job_id}, {@code target}, {@code seed_hash}, {@code algo} "rx/0", {@code height}),
 * new work arrives as {@code job} notifications, {@code submit} is checked and {@code keepalived} answered.
 * Work comes from the node's upstream {@link WorkSource}; each miner gets its own worker index (a fixed nonce
 * byte for a pool, a reserved-area value for monerod) so no two miners repeat each other's hashes. Every
 * share is re-hashed with the injected {@link ShareHasher}; those that also meet the upstream target go
 * upstream (as a pool share or, solo, a block candidate).
 *
 * <p>Meters: {@code quarry.randomx.shares.accepted{source=stratum}} and
 * {@code quarry.randomx.shares.rejected{source=stratum,reason}}. The gauge of connected miners belongs to the
 * long-lived miner ({@code quarry.randomx.stratum.miners}), since a gauge keeps only a weak reference to what it
 * reads and this server is replaced on every restart.
 */
public final class StratumServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StratumServer.class);
    private static final HexFormat HEX = HexFormat.of();

    private final JsonRpcServers rpc;
    private final StratumSettings settings;
    private final WorkSource upstream;
    private final InstantSource clock;
    private final ShareCounters counters;
    private final HashrateMeter hashrate;
    private final SlotAllocator slots;
    private final SubmitHandler submits;
    private final AtomicLong jobIds = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final Object jobMonitor = new Object();
    private volatile MoneroJob latest;
    private volatile JsonRpcServer server;

    public StratumServer(JsonRpcServers rpc, StratumSettings settings, WorkSource upstream, ShareHasher hasher,
                         MeterRegistry registry, InstantSource clock) {
        this.rpc = Objects.requireNonNull(rpc, "rpc");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(hasher, "hasher");
        this.counters = new ShareCounters(registry, "stratum");
        this.hashrate = new HashrateMeter(clock);
        // The last index is the cluster's slice (the master leases it to members); outside miners never get it.
        this.slots = new SlotAllocator(upstream.maxWorkers() - 1);
        this.submits = new SubmitHandler(this, upstream, hasher, counters, clock);
    }

    /** Binds the port and starts taking miners and upstream jobs; fails when the address is taken. */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Stratum endpoint already started");
        }
        JsonRpcServerSettings serverSettings = JsonRpcServerSettings.of("stratum", settings.host(), settings.port())
                .withDialect(JsonRpcDialect.MONERO_STRATUM).withLimits(settings.limits());
        if (settings.tls().isPresent()) {
            serverSettings = serverSettings.withTls(settings.tls().get());
        }
        JsonRpcMethods methods = new JsonRpcMethods(Map.of(
                "login", this::login,
                "submit", submits::submit,
                "keepalived", this::keepalived), this::closed);
        server = rpc.open(serverSettings, session -> methods);
        upstream.onJob(this::onUpstreamJob);
        LOG.info("Stratum endpoint for outside miners on {} (difficulty {}{})", server.address(),
                settings.startDifficulty(), settings.vardiff() ? ", vardiff" : "");
    }

    /** The bound address; throws when the endpoint is not started yet. */
    public InetSocketAddress address() {
        return boundAddress().orElseThrow(() -> new IllegalStateException("Stratum endpoint not started"));
    }

    /**
     * The bound address, empty until {@link #start()} has bound it (the stats route may ask while the miner is
     * still starting).
     */
    public Optional<InetSocketAddress> boundAddress() {
        JsonRpcServer s = server;
        return s == null ? Optional.empty() : Optional.of(s.address());
    }

    /** Miners logged in now. */
    public int minersConnected() {
        return miners().size();
    }

    /** Every logged-in miner's figures. */
    public List<StratumMinerStats> miners() {
        List<StratumMinerStats> out = new ArrayList<>();
        forEachMiner(m -> out.add(m.stats()));
        return out;
    }

    /** All outside miners together, estimated from accepted share difficulty. */
    public MinerStats.Hashrate hashrate() {
        return hashrate.rates();
    }

    /** Accepted and rejected shares of all outside miners. */
    public ShareCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        JsonRpcServer s = server;
        if (s != null) {
            s.close();
        }
    }

    private Object login(JsonRpcSession session, JsonRpcRequest request) {
        if (session.attribute(MinerSession.ATTRIBUTE, MinerSession.class).isPresent()) {
            throw StratumError.loginRefused("Already logged in on this connection");
        }
        JsonRpcValue params = request.params();
        String login = params.get("login").asString();
        String agent = params.has("agent") ? params.get("agent").asString() : "";
        if (login.isBlank() || login.length() > 256) {
            throw StratumError.loginRefused("Login must be 1 to 256 characters");
        }
        if (params.has("algo") && params.get("algo").isArray() && params.get("algo").size() > 0
                && params.get("algo").elements().stream()
                        .noneMatch(a -> a.isString() && MoneroJob.ALGO_RX0.equals(a.asString()))) {
            throw StratumError.loginRefused("Unsupported algorithm: this node mines " + MoneroJob.ALGO_RX0);
        }
        MoneroJob work = awaitWork();
        OptionalInt slot = slots.acquire();
        if (slot.isEmpty()) {
            throw StratumError.loginRefused("Too many miners on this node");
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        VarDiff varDiff = settings.vardiff() ? new VarDiff(settings.shareTime().toMillis(),
                settings.retargetInterval().toMillis(), settings.minDifficulty(), settings.maxDifficulty(),
                clock.millis()) : null;
        MinerSession miner = new MinerSession(session, HEX.formatHex(id), login, agent, slot.getAsInt(),
                settings.startDifficulty(), varDiff, clock);
        IssuedJob job;
        try {
            job = issue(miner, work);
        } catch (RuntimeException e) {
            slots.release(slot.getAsInt());
            LOG.warn("Cannot give miner {} work: {}", login, e.getMessage());
            throw StratumError.loginRefused("This node's upstream work cannot be split between miners");
        }
        session.attributes().put(MinerSession.ATTRIBUTE, miner);
        LOG.info("Outside miner {} ({}) logged in from {} as worker {}", login, agent, session.remote(),
                miner.worker());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", miner.loginId());
        result.put("job", jobParams(miner, job));
        result.put("extensions", job.work().fixedNonceByte() ? List.of("algo", "nicehash", "keepalive")
                : List.of("algo", "keepalive"));
        result.put("status", "OK");
        return result;
    }

    private Object keepalived(JsonRpcSession session, JsonRpcRequest request) {
        MinerSession miner = session.attribute(MinerSession.ATTRIBUTE, MinerSession.class)
                .orElseThrow(StratumError.UNAUTHENTICATED::exception);
        retarget(miner);
        return Map.of("status", "KEEPALIVED");
    }

    private void closed(JsonRpcSession session, String reason) {
        session.attribute(MinerSession.ATTRIBUTE, MinerSession.class).ifPresent(miner -> {
            slots.release(miner.worker());
            LOG.info("Outside miner {} left: {}", miner.stats().login(), reason);
        });
    }

    private MoneroJob awaitWork() {
        long deadline = System.nanoTime() + settings.loginWait().toNanos();
        synchronized (jobMonitor) {
            while (latest == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw StratumError.loginRefused("No work yet: the node is still connecting to its upstream");
                }
                try {
                    jobMonitor.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw StratumError.loginRefused("Node is shutting down");
                }
            }
            return latest;
        }
    }

    private void onUpstreamJob(MoneroJob job) {
        synchronized (jobMonitor) {
            latest = job;
            jobMonitor.notifyAll();
        }
        forEachMiner(miner -> {
            try {
                IssuedJob issued = issue(miner, job);
                miner.session().notify("job", jobParams(miner, issued));
            } catch (RuntimeException e) {
                LOG.warn("Cannot give miner {} job {}: {}", miner.session().id(), job.jobId(), e.getMessage());
            }
        });
    }

    /**
     * A vardiff check. A new difficulty takes effect with the next upstream job rather than by re-sending the
     * current one: XMRig restarts its nonces on every job, so the same blob again would only make it redo work
     * already submitted (and be refused as duplicates).
     */
    void retarget(MinerSession miner) {
        miner.retarget(clock.millis()).ifPresent(d -> LOG.debug("Miner {} goes to difficulty {} with the next job",
                miner.session().id(), d));
    }

    private IssuedJob issue(MinerSession miner, MoneroJob upstreamJob) {
        MoneroJob work = upstream.forWorker(upstreamJob, miner.worker());
        return miner.issue(Long.toHexString(jobIds.incrementAndGet()), work,
                clock.millis() + settings.staleGrace().toMillis());
    }

    private static Map<String, Object> jobParams(MinerSession miner, IssuedJob job) {
        return StratumJobFormat.write(job.work(), job.id(), job.targetHex(), miner.loginId());
    }

    void recordAccepted(long difficulty) {
        hashrate.record(difficulty);
    }

    private void forEachMiner(java.util.function.Consumer<MinerSession> action) {
        JsonRpcServer s = server;
        if (s == null) {
            return;
        }
        for (JsonRpcSession session : s.sessions()) {
            session.attribute(MinerSession.ATTRIBUTE, MinerSession.class).ifPresent(action);
        }
    }
}
