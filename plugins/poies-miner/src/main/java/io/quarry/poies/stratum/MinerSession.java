package io.quarry.poies.stratum;

import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.node.ShareSource;
import io.quarry.poies.node.Work;
import io.quarry.poies.target.ShareTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one Stratum connection, kept in its session attributes. It moves one way:
 * connected, then subscribed ({@code mining.subscribe}: an extranonce1 and a share source), then authorized
 * ({@code mining.authorize} of at least one worker), at which point work starts flowing. Handlers of one
 * connection run one at a time; pushes come from the backend's thread, so what both touch (the jobs sent, the last
 * target and parent) is guarded by this object's monitor.
 */
final class MinerSession {

    /** Attribute name in {@link JsonRpcSession#attributes()}. */
    static final String ATTRIBUTE = "poies.stratum";
    /** Workers one connection may authorize. */
    static final int MAX_WORKERS = 16;
    /** Jobs remembered per connection for submits. */
    static final int MAX_JOBS = 16;

    private final JsonRpcSession session;
    private final String extranonce1;
    private final String agent;
    private final ShareSource source;
    private final Set<String> workers = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** Guarded by this. */
    private final Map<String, Work> jobs = new LinkedHashMap<>();
    /** Guarded by this. */
    private ShareTarget sentTarget;
    /** Guarded by this. */
    private Bytes sentParent;
    /** Guarded by this. */
    private long sentSequence = -1;

    MinerSession(JsonRpcSession session, String extranonce1, String agent) {
        this.session = session;
        this.extranonce1 = extranonce1;
        this.agent = agent;
        this.source = new ShareSource(ShareSource.STRATUM, session.id());
    }

    JsonRpcSession session() {
        return session;
    }

    String extranonce1() {
        return extranonce1;
    }

    String agent() {
        return agent;
    }

    ShareSource source() {
        return source;
    }

    boolean isAuthorized() {
        return !workers.isEmpty();
    }

    boolean isAuthorized(String worker) {
        return workers.contains(worker);
    }

    /** Adds a worker; false when the connection already has {@link #MAX_WORKERS}. */
    boolean authorize(String worker) {
        if (workers.contains(worker)) {
            return true;
        }
        if (workers.size() >= MAX_WORKERS) {
            return false;
        }
        workers.add(worker);
        return true;
    }

    /** A job sent on this connection and not yet forgotten. */
    synchronized Optional<Work> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    /**
     * Sends {@code job} unless this or a newer job went out already, preceded by {@code mining.set_difficulty} when
     * {@code target} differs from the last one sent. Returns false when the connection took neither (closed or too
     * slow).
     */
    synchronized boolean push(IssuedJob job, ShareTarget target) {
        if (job.sequence() <= sentSequence) {
            return true;
        }
        if (!sendTargetIfChanged(target)) {
            return false;
        }
        if (!session.notify("mining.notify", job.params(sentParent))) {
            return false;
        }
        sentParent = job.parentHash();
        sentSequence = job.sequence();
        jobs.put(job.id(), job.work());
        if (jobs.size() > MAX_JOBS) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        return true;
    }

    /** Sends {@code mining.set_difficulty} when {@code target} differs from the last sent; false if it could not. */
    synchronized boolean sendTargetIfChanged(ShareTarget target) {
        if (target.equals(sentTarget)) {
            return true;
        }
        if (!session.notify("mining.set_difficulty", difficultyParams(target))) {
            return false;
        }
        sentTarget = target;
        return true;
    }

    void countAccepted() {
        accepted.incrementAndGet();
    }

    void countRejected() {
        rejected.incrementAndGet();
    }

    long accepted() {
        return accepted.get();
    }

    long rejected() {
        return rejected.get();
    }

    /**
     * {@code mining.set_difficulty} params, by position: {@code [difficulty, dRatioPpm, hMicro]}. Position 0 is
     * Stratum's difficulty, here the expected nonces per share, {@code e^(hMicro/10^6)} (a float, for hash rate
     * estimates); positions 1 and 2 are the exact integer test: a share is admitted when its
     * {@code d_ratio_ppm >= dRatioPpm}, that is {@code H(u) >= hMicro} micro-nats for the current Θ.
     */
    static List<Object> difficultyParams(ShareTarget target) {
        return List.of(Math.exp(target.hMicro() / 1e6), target.dRatioPpm(), target.hMicro());
    }
}
