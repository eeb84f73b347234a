package io.quarry.randomx.cluster;

import io.quarry.randomx.cluster.wire.Heartbeat;
import io.quarry.randomx.cluster.wire.HeartbeatAck;
import io.quarry.randomx.cluster.wire.ResultVerdict;
import io.quarry.randomx.cluster.wire.WorkResult;
import io.quarry.randomx.cluster.wire.WorkUnit;
import io.quarry.randomx.cluster.wire.WorkUnitRequest;
import io.quarry.randomx.hashing.NonceRange;
import io.quarry.randomx.job.BoundedShareHasher;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.ShareHasher;
import io.quarry.randomx.job.SubmitResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's side of work distribution. Each job (the cluster's own slice of the upstream job) gets fresh
 * {@link NonceLeases}; every member is given a range sized to its measured hashrate, and a new one when a new job
 * arrives, when its rate moves by more than 20 %, or when it asks (WORKUNIT_REQUEST). Members learn of a newer
 * assignment from the heartbeat answer. A member that leaves returns its range for reassignment.
 *
 * <p>Every result is checked before anything goes upstream: the sender must hold the assignment, the nonce must lie
 * in its range, the master re-hashes the blob and the hash must equal the member's and meet the job's target, and
 * no (job, nonce) is ever submitted twice. A failure counts against the member ({@link Membership#badResult}).
 * The re-hash runs wherever the hasher runs it; the node gives a {@link BoundedShareHasher}, so it happens on a
 * platform thread, and a full queue answers {@link #BUSY} (the member retries) rather than dropping the result.
 */
public final class ClusterMaster {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMaster.class);
    /** Assignments remembered for checking late results. */
    static final int MAX_ASSIGNMENTS = 4096;
    /** (job, nonce) pairs remembered against duplicate submission. */
    static final int MAX_SUBMITTED = 65_536;
    /** How long a member's result waits for the upstream's answer (below the WORKUNIT_RESULT timeout). */
    static final Duration UPSTREAM_WAIT = Duration.ofSeconds(20);
    /** Verdict reason of an accepted result whose upstream answer did not come within {@link #UPSTREAM_WAIT}. */
    public static final String FORWARDED = "forwarded";
    /**
     * Verdict reason of a result the master could not re-hash yet (its verification queue is full): nothing was
     * checked or counted, and the member sends the same result again shortly.
     */
    public static final String BUSY = "busy";

    private final Membership membership;
    private final ShareHasher hasher;
    private final Function<Share, CompletableFuture<SubmitResult>> upstream;
    private final double leaseSeconds;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong upstreamFailures = new AtomicLong();
    private final AtomicLong busy = new AtomicLong();
    private final Map<Long, Assignment> assignments = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Assignment> eldest) {
            return size() > MAX_ASSIGNMENTS;
        }
    };
    private final Map<String, Assignment> latest = new HashMap<>();
    private final Set<String> submitted = new LinkedHashSet<>();
    private MoneroJob job;
    private NonceLeases leases;

    /**
     * @param membership who may get work
     * @param hasher re-hashes members' results (the master's engine)
     * @param upstream submits a checked result to the pool or monerod
     * @param leaseSeconds how long one range should last a member
     */
    public ClusterMaster(Membership membership, ShareHasher hasher,
                         Function<Share, CompletableFuture<SubmitResult>> upstream, double leaseSeconds) {
        this.membership = Objects.requireNonNull(membership, "membership");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.leaseSeconds = leaseSeconds;
        membership.onChange(this::memberChanged);
    }

    /** A new job for the cluster: fresh ranges for every member. */
    public void setJob(MoneroJob clusterJob) {
        Objects.requireNonNull(clusterJob, "clusterJob");
        synchronized (this) {
            job = clusterJob;
            leases = new NonceLeases(NonceRange.of(clusterJob), leaseSeconds);
            latest.clear();
        }
        membership.members().forEach(m -> assign(m.nodeId(), m.hashrate()));
    }

    /**
     * No job for the cluster (the upstream's job cannot be split for it): members' ranges are withdrawn and every
     * request is answered with {@link WorkUnit#none()} until the next {@link #setJob}.
     */
    public void clearJob() {
        synchronized (this) {
            job = null;
            leases = null;
            latest.clear();
        }
    }

    /** HEARTBEAT: records the rate (re-sizing the member's range on a change over 20 %) and names its newest work. */
    public HeartbeatAck heartbeat(String peerId, Heartbeat beat) {
        if (membership.heartbeat(peerId, beat)) {
            LOG.debug("member {} now hashes at {} H/s; resizing its range", Membership.shortId(peerId), beat.hashrate());
            assign(peerId, beat.hashrate());
        }
        synchronized (this) {
            Assignment newest = latest.get(peerId);
            return new HeartbeatAck(newest == null ? 0 : newest.id());
        }
    }

    /**
     * WORKUNIT_REQUEST: the member's newest assignment if it has not fetched it yet, else a new range, else
     * {@link WorkUnit#none()} (no job, or its nonce space is used up).
     */
    public WorkUnit request(String peerId, WorkUnitRequest request) {
        if (!membership.isMember(peerId)) {
            throw new ClusterException("node " + Membership.shortId(peerId) + " is not a member of this cluster");
        }
        synchronized (this) {
            Assignment newest = latest.get(peerId);
            if (newest != null && newest.id() > request.lastAssignment()) {
                return newest.toWorkUnit();
            }
        }
        Optional<Assignment> made = assign(peerId, request.hashrate());
        if (made.isEmpty()) {
            LOG.debug("no work now for member {}: {}", Membership.shortId(peerId),
                    job() == null ? "no job" : "this job's nonce space is used up");
            return WorkUnit.none();
        }
        return made.get().toWorkUnit();
    }

    /**
     * WORKUNIT_RESULT: checks the result and, when it holds, submits it upstream once and answers with the
     * upstream's verdict (its reject reason, {@code unreachable} when the submission failed, or accepted with
     * reason {@link #FORWARDED} when the upstream has not answered within {@link #UPSTREAM_WAIT}, counted from the
     * result's arrival), or {@link #BUSY} when the hasher's queue was full (nothing checked, nothing counted).
     */
    public ResultVerdict result(String peerId, WorkResult result) {
        long received = System.nanoTime();
        ResultVerdict verdict = check(peerId, result, received);
        if (!verdict.accepted()) {
            LOG.debug("result of member {} for assignment {} nonce {} refused: {}", Membership.shortId(peerId),
                    result.assignment(), result.nonce(), verdict.reason());
        }
        return verdict;
    }

    private ResultVerdict check(String peerId, WorkResult result, long received) {
        if (!membership.isMember(peerId)) {
            throw new ClusterException("node " + Membership.shortId(peerId) + " is not a member of this cluster");
        }
        Assignment assignment;
        synchronized (this) {
            assignment = assignments.get(result.assignment());
        }
        if (assignment == null || !assignment.job().jobId().equals(result.jobId())) {
            return new ResultVerdict(false, "stale");
        }
        if (!assignment.member().equals(peerId) || result.nonce() < assignment.range().start()
                || result.nonce() >= assignment.range().end()) {
            membership.badResult(peerId);
            return new ResultVerdict(false, "nonce_range");
        }
        MoneroJob mined = assignment.job();
        byte[] hash;
        try {
            hash = hasher.hash(mined.seedHash(), mined.blobWithNonce((int) result.nonce()));
        } catch (BoundedShareHasher.VerifierBusyException e) {
            busy.incrementAndGet();
            return new ResultVerdict(false, BUSY);
        }
        if (!java.security.MessageDigest.isEqual(hash, result.hash())) {
            membership.badResult(peerId);
            return new ResultVerdict(false, "bad_hash");
        }
        Share share = new Share(mined, (int) result.nonce(), hash);
        if (!share.meetsJobTarget()) {
            membership.badResult(peerId);
            return new ResultVerdict(false, "low_difficulty");
        }
        synchronized (this) {
            if (!submitted.add(mined.jobId() + "/" + result.nonce())) {
                return new ResultVerdict(false, "duplicate");
            }
            if (submitted.size() > MAX_SUBMITTED) {
                submitted.remove(submitted.iterator().next());
            }
        }
        forwarded.incrementAndGet();
        return forward(peerId, share, received);
    }

    /** Submits upstream and answers with its verdict, or "forwarded" when it has not answered in time. */
    private ResultVerdict forward(String peerId, Share share, long received) {
        CompletableFuture<SubmitResult> answer;
        try {
            answer = upstream.apply(share);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((result, error) -> {
            if (error != null || (result != null && SubmitResult.UNREACHABLE.equals(result.reason()))) {
                upstreamFailures.incrementAndGet();
                LOG.warn("result of member {} (job {}) could not be submitted upstream: {}", Membership.shortId(peerId),
                        share.job().jobId(), error != null ? String.valueOf(error.getMessage()) : result.message());
            } else if (!result.accepted()) {
                LOG.info("upstream rejected the result of member {} (job {}): {}", Membership.shortId(peerId),
                        share.job().jobId(), result.reason());
            }
        });
        try {
            // The wait counts from the result's arrival: time spent queued for the re-hash comes off it, so the
            // member has its verdict before its WORKUNIT_RESULT times out.
            long left = UPSTREAM_WAIT.toNanos() - (System.nanoTime() - received);
            SubmitResult result = answer.get(Math.max(0, left), TimeUnit.NANOSECONDS);
            return result.accepted() ? new ResultVerdict(true, "") : new ResultVerdict(false, tag(result.reason()));
        } catch (TimeoutException e) {
            return new ResultVerdict(true, FORWARDED);
        } catch (ExecutionException e) {
            return new ResultVerdict(false, SubmitResult.UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ResultVerdict(true, FORWARDED);
        }
    }

    private static String tag(String reason) {
        // An upstream saying "busy" must not read as this master's busy, which members answer by sending again.
        return reason == null || reason.isEmpty() ? SubmitResult.OTHER
                : BUSY.equals(reason) ? "upstream_busy"
                : reason.length() > 32 ? reason.substring(0, 32) : reason;
    }

    /** Checked results the upstream could not take (unreachable or failed), as seen by this master. */
    public long upstreamFailures() {
        return upstreamFailures.get();
    }

    /** Results answered {@link #BUSY} because the re-hash queue was full. */
    public long busy() {
        return busy.get();
    }

    /** Results checked and sent upstream. */
    public long forwarded() {
        return forwarded.get();
    }

    /** The current cluster job, or null. */
    public synchronized MoneroJob job() {
        return job;
    }

    /** The range {@code member} holds now. */
    public synchronized Optional<NonceRange> range(String member) {
        Assignment newest = latest.get(member);
        return newest == null ? Optional.empty() : Optional.of(newest.range());
    }

    private void memberChanged(String id) {
        if (membership.isMember(id)) {
            membership.members().stream().filter(m -> m.nodeId().equals(id)).findFirst()
                    .ifPresent(m -> assign(id, m.hashrate()));
            return;
        }
        synchronized (this) {
            if (leases != null) {
                leases.release(id);
            }
            latest.remove(id);
        }
        LOG.info("member {} left; its range goes to the others", Membership.shortId(id));
    }

    private Optional<Assignment> assign(String member, double hashrate) {
        Assignment made;
        synchronized (this) {
            if (job == null) {
                return Optional.empty();
            }
            Optional<NonceRange> range = leases.lease(member, hashrate);
            if (range.isEmpty()) {
                return Optional.empty();
            }
            made = new Assignment(ids.incrementAndGet(), member, job, range.get());
            assignments.put(made.id(), made);
            latest.put(member, made);
        }
        membership.sized(member);
        return Optional.of(made);
    }
}
