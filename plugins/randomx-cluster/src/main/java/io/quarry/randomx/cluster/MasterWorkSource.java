package io.quarry.randomx.cluster;

import io.quarry.api.transport.PeerAddress;
import io.quarry.api.transport.Transport;
import io.quarry.api.transport.TransportException;
import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.Heartbeat;
import io.quarry.randomx.cluster.wire.HeartbeatAck;
import io.quarry.randomx.cluster.wire.JoinAccepted;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.randomx.cluster.wire.ResultVerdict;
import io.quarry.randomx.cluster.wire.WorkResult;
import io.quarry.randomx.cluster.wire.WorkUnit;
import io.quarry.randomx.cluster.wire.WorkUnitRequest;
import io.quarry.randomx.hashing.NonceRange;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.randomx.job.WorkSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster member's work source: its master. It joins the master (the secret-bound handshake), sends a heartbeat
 * every period with its measured hashrate, fetches a new range (WORKUNIT_REQUEST) when the heartbeat answer names
 * a newer assignment or when it has hashed as many nonces as its range holds, and sends every result to the
 * master, which checks it and alone talks to the upstream. A lost master is re-joined (or, in auto mode, a new
 * one elected, which restarts the session).
 */
public final class MasterWorkSource implements WorkSource {

    private static final Logger LOG = LoggerFactory.getLogger(MasterWorkSource.class);
    /** Units remembered for results that arrive after the next unit started. */
    private static final int RECENT_UNITS = 8;
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** First pause before a result the master answered {@code busy} is sent again; doubles up to the max. */
    static final Duration BUSY_PAUSE = Duration.ofMillis(250);
    static final Duration BUSY_PAUSE_MAX = Duration.ofSeconds(4);
    /** Sends of one result to a busy master at most (some 3 minutes of pauses). */
    static final int BUSY_ATTEMPTS = 50;

    private final Transport transport;
    private final JoinClient joiner;
    private final Supplier<Optional<PeerAddress>> master;
    private final Supplier<NodeCapabilities> capabilities;
    private final String role;
    private final LongSupplier hashes;
    private final DoubleSupplier rate;
    private final List<Consumer<MoneroJob>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<Unit> recent = new ArrayDeque<>();
    private volatile Unit current;
    private volatile PeerAddress joined;
    private volatile long heartbeatMillis = 1000;
    private volatile boolean closed;
    private volatile boolean local = true;
    private long beats;
    private Thread loop;

    private record Unit(WorkUnit unit, MoneroJob job, NonceRange range, long hashesAtStart) {
    }

    /**
     * @param transport the node transport
     * @param joiner makes the membership handshake
     * @param master where the master is now (from {@code connect} or the election), empty while unknown
     * @param capabilities this node's capabilities, sent in HELLO
     * @param role this node's configured role key
     * @param hashes hashes this node's threads have done so far
     * @param rate this node's measured hashes per second
     */
    public MasterWorkSource(Transport transport, JoinClient joiner, Supplier<Optional<PeerAddress>> master,
                            Supplier<NodeCapabilities> capabilities, String role, LongSupplier hashes, DoubleSupplier rate) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.joiner = Objects.requireNonNull(joiner, "joiner");
        this.master = Objects.requireNonNull(master, "master");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.role = Objects.requireNonNull(role, "role");
        this.hashes = Objects.requireNonNull(hashes, "hashes");
        this.rate = Objects.requireNonNull(rate, "rate");
    }

    @Override
    public String describe() {
        PeerAddress m = joined;
        return "cluster master " + (m == null ? "(joining)" : m.toString());
    }

    @Override
    public void onJob(Consumer<MoneroJob> listener) {
        listeners.add(listener);
        Unit now = current;
        if (now != null) {
            listener.accept(now.job);
        }
    }

    @Override
    public Optional<MoneroJob> currentJob() {
        Unit now = current;
        return now == null ? Optional.empty() : Optional.of(now.job);
    }

    /** The master's id once joined. */
    public Optional<String> masterId() {
        PeerAddress m = joined;
        return m == null ? Optional.empty() : Optional.of(m.nodeId());
    }

    @Override
    public CompletableFuture<SubmitResult> submit(Share share) {
        Unit unit = unitOf(share);
        PeerAddress to = joined;
        if (unit == null || to == null) {
            return CompletableFuture.completedFuture(SubmitResult.rejected(SubmitResult.STALE,
                    "the range this result belongs to is no longer held"));
        }
        WorkResult result = new WorkResult(unit.unit.assignment(), unit.unit.jobId(), share.nonce() & 0xFFFF_FFFFL,
                share.hash());
        return send(to, result, 1);
    }

    /**
     * Sends a result; a {@code busy} verdict (the master's re-hash queue was full, nothing was checked) sends it
     * again after a growing pause, to the same master while this node is still joined to it.
     */
    private CompletableFuture<SubmitResult> send(PeerAddress to, WorkResult result, int attempt) {
        return transport.request(to, ClusterProtocols.WORKUNIT_RESULT, result)
                .thenCompose(verdict -> {
                    if (verdict.accepted() || !ClusterMaster.BUSY.equals(verdict.reason())) {
                        return CompletableFuture.completedFuture(toSubmitResult(verdict));
                    }
                    if (closed || !to.equals(joined) || attempt >= BUSY_ATTEMPTS) {
                        LOG.warn("master {} stayed busy; result for assignment {} nonce {} given up after {} attempts",
                                Membership.shortId(to.nodeId()), result.assignment(), result.nonce(), attempt);
                        return CompletableFuture.completedFuture(toSubmitResult(verdict));
                    }
                    long pause = Math.min(BUSY_PAUSE.toMillis() << Math.min(attempt - 1, 4), BUSY_PAUSE_MAX.toMillis());
                    LOG.debug("master {} busy; result for assignment {} nonce {} again in {} ms",
                            Membership.shortId(to.nodeId()), result.assignment(), result.nonce(), pause);
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> send(to, result, attempt + 1));
                })
                .exceptionally(e -> SubmitResult.rejected(SubmitResult.UNREACHABLE, String.valueOf(e.getMessage())));
    }

    @Override
    public MoneroJob forWorker(MoneroJob job, int worker) {
        if (worker != 0) {
            throw new IllegalStateException("a cluster member's work is not split further");
        }
        return job;
    }

    @Override
    public int maxWorkers() {
        return 1;
    }

    @Override
    public NonceRange nonceRange(MoneroJob job) {
        Unit unit = current;
        return unit != null && unit.job == job ? unit.range : NonceRange.of(job);
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("already started");
        }
        loop = Thread.ofVirtual().name("randomx-cluster-member").start(this::run);
    }

    @Override
    public void close() {
        closed = true;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        while (!closed) {
            try {
                if (joined == null) {
                    joinMaster();
                } else {
                    tick();
                }
                Thread.sleep(joined == null ? RETRY.toMillis() : heartbeatMillis);
            } catch (InterruptedException e) {
                return;
            } catch (TransportException | ClusterException e) {
                LOG.info("cluster master {} unreachable or refusing: {}", joined == null ? "" : joined, e.getMessage());
                joined = null;
                sleepQuietly(RETRY);
            } catch (RuntimeException e) {
                LOG.warn("cluster member loop: {}", e.getMessage(), e);
                sleepQuietly(RETRY);
            }
        }
    }

    private void joinMaster() {
        Optional<PeerAddress> target = master.get();
        if (target.isEmpty()) {
            return;
        }
        JoinAccepted accepted = joiner.join(target.get(), role, capabilities.get().withHashrate(rate.getAsDouble()));
        heartbeatMillis = accepted.heartbeatMillis();
        joined = target.get();
        LOG.info("joined cluster master {}", target.get());
        fetch();
    }

    private void tick() {
        PeerAddress to = joined;
        HeartbeatAck ack = await(transport.request(to, ClusterProtocols.HEARTBEAT,
                new Heartbeat(++beats, rate.getAsDouble(), hashes.getAsLong())));
        Unit now = current;
        boolean newer = now == null ? ack.assignment() > 0 : ack.assignment() > now.unit.assignment();
        boolean exhausted = now != null && hashes.getAsLong() - now.hashesAtStart >= now.range.size();
        if (newer || exhausted) {
            fetch();
        }
    }

    private void fetch() {
        Unit now = current;
        WorkUnit unit = await(transport.request(joined, ClusterProtocols.WORKUNIT_REQUEST,
                new WorkUnitRequest(now == null ? 0 : now.unit.assignment(), rate.getAsDouble())));
        if (unit.isNone()) {
            LOG.debug("cluster master {} has no work now", joined);
            return;
        }
        MoneroJob job = new MoneroJob(unit.jobId(), unit.blob(), unit.target(), unit.seedHash(), unit.height(),
                MoneroJob.ALGO_RX0, -1, false);
        Unit next = new Unit(unit, job, new NonceRange(unit.nonceStart(), unit.nonceEnd()), hashes.getAsLong());
        synchronized (recent) {
            recent.addFirst(next);
            while (recent.size() > RECENT_UNITS) {
                recent.removeLast();
            }
        }
        current = next;
        LOG.debug("cluster assignment {}: job {} nonces [{}, {})", unit.assignment(), unit.jobId(), unit.nonceStart(),
                unit.nonceEnd());
        if (local) {
            listeners.forEach(l -> l.accept(job));
        }
    }

    /** The range being mined now and its job. */
    public record Work(MoneroJob job, NonceRange range) {
    }

    /** The assignment being mined now. */
    public Optional<Work> currentWork() {
        Unit now = current;
        return now == null ? Optional.empty() : Optional.of(new Work(now.job, now.range));
    }

    /**
     * Whether this node's own threads mine the assignments (true, the default) or something else does (remote
     * hashing): while false, new assignments are not handed to the job listeners. Turning it back on hands them
     * the current one.
     */
    public void setLocal(boolean value) {
        local = value;
        Unit now = current;
        if (value && now != null) {
            listeners.forEach(l -> l.accept(now.job));
        }
    }

    private Unit unitOf(Share share) {
        long nonce = share.nonce() & 0xFFFF_FFFFL;
        synchronized (recent) {
            for (Unit unit : recent) {
                if (unit.job == share.job() && nonce >= unit.range.start() && nonce < unit.range.end()) {
                    return unit;
                }
            }
        }
        return null;
    }

    private static SubmitResult toSubmitResult(ResultVerdict verdict) {
        return verdict.accepted() ? SubmitResult.accepted("checked by the cluster master")
                : SubmitResult.rejected(verdict.reason(), "the cluster master refused the result: " + verdict.reason());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
