package io.quarry.randomx.stratum;

import io.quarry.api.jsonrpc.JsonRpcSession;
import io.quarry.api.miner.HashrateMeter;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.MoneroJob;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the endpoint knows about one logged-in miner: its login id, worker index, difficulty, the last few
 * jobs it was given and its figures. Kept in the connection's attributes; guarded by its own monitor because
 * upstream jobs and the miner's submits arrive on different threads.
 */
final class MinerSession {

    static final String ATTRIBUTE = "quarry.randomx.miner";
    /** Jobs a submit may name: the current one and a few before it (in-flight results, difficulty changes). */
    private static final int KEPT_JOBS = 4;

    private final JsonRpcSession session;
    private final String loginId;
    private final String login;
    private final String agent;
    private final int worker;
    private final Instant connectedSince;
    private final HashrateMeter hashrate;
    private final VarDiff varDiff;
    private final Deque<IssuedJob> jobs = new ArrayDeque<>();
    private final Map<String, Long> rejected = new TreeMap<>();
    private long difficulty;
    private long accepted;

    MinerSession(JsonRpcSession session, String loginId, String login, String agent, int worker,
                 long difficulty, VarDiff varDiff, InstantSource clock) {
        this.session = session;
        this.loginId = loginId;
        this.login = login;
        this.agent = agent;
        this.worker = worker;
        this.difficulty = difficulty;
        this.varDiff = varDiff;
        this.connectedSince = clock.instant();
        this.hashrate = new HashrateMeter(clock);
    }

    JsonRpcSession session() {
        return session;
    }

    String loginId() {
        return loginId;
    }

    int worker() {
        return worker;
    }

    /**
     * Records a new job for this miner over {@code work} (its slice of an upstream job), at its difficulty capped
     * by the upstream's so every result the upstream wants is also a share here. Jobs over other upstream work
     * stay valid until {@code graceDeadline}.
     */
    synchronized IssuedJob issue(String jobId, MoneroJob work, long graceDeadline) {
        long diff = Math.max(1, Math.min(difficulty, work.difficulty()));
        String targetHex = MoneroDifficulty.targetHex(diff);
        IssuedJob newest = jobs.peekFirst();
        var nonces = newest != null && newest.sameWork(work) ? newest.nonces() : ConcurrentHashMap.<Integer>newKeySet();
        for (IssuedJob old : jobs) {
            if (!old.sameWork(work)) {
                old.expireAt(graceDeadline);
            }
        }
        IssuedJob job = new IssuedJob(jobId, work, diff, MoneroDifficulty.targetFromHex(targetHex), targetHex, nonces);
        jobs.addFirst(job);
        while (jobs.size() > KEPT_JOBS) {
            jobs.removeLast();
        }
        return job;
    }

    synchronized Optional<IssuedJob> job(String jobId) {
        return jobs.stream().filter(j -> j.id().equals(jobId)).findFirst();
    }

    synchronized Optional<IssuedJob> newest() {
        return Optional.ofNullable(jobs.peekFirst());
    }

    synchronized void accepted(long shareDifficulty) {
        accepted++;
        hashrate.record(shareDifficulty);
        if (varDiff != null) {
            varDiff.onShare(shareDifficulty);
        }
    }

    synchronized void rejected(String reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    /** Asks vardiff for a new difficulty now; when there is one it is already in effect for the next job. */
    synchronized OptionalLong retarget(long now) {
        if (varDiff == null) {
            return OptionalLong.empty();
        }
        OptionalLong next = varDiff.retarget(now, difficulty);
        next.ifPresent(d -> difficulty = d);
        return next;
    }

    synchronized StratumMinerStats stats() {
        return new StratumMinerStats(session.id(), String.valueOf(session.remote()), login, agent, worker, difficulty,
                hashrate.rates(), accepted, rejected, connectedSince);
    }
}
