package io.quarry.randomx.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.Heartbeat;
import io.quarry.randomx.cluster.wire.Hello;
import io.quarry.randomx.cluster.wire.HelloChallenge;
import io.quarry.randomx.cluster.wire.JoinProof;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.randomx.cluster.wire.ResultVerdict;
import io.quarry.randomx.cluster.wire.WorkResult;
import io.quarry.randomx.cluster.wire.WorkUnit;
import io.quarry.randomx.cluster.wire.WorkUnitRequest;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroDifficulty;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Work distribution on the master: ranges per member, rebalancing, and the check of every result. */
class ClusterMasterTest {

    static final String MASTER = "a".repeat(64);
    static final String W1 = "b".repeat(64);
    static final String W2 = "c".repeat(64);

    private final ClusterSecret secret = ClusterSecret.generate();
    private final MutableClock clock = new MutableClock(0);
    private final Membership membership = new Membership(MASTER, secret, clock, Duration.ofSeconds(1), 3);
    private final Sha256TestHasher hasher = new Sha256TestHasher();
    private final List<Share> upstream = new CopyOnWriteArrayList<>();
    private final ClusterMaster master = new ClusterMaster(membership, hasher, share -> {
        upstream.add(share);
        return CompletableFuture.completedFuture(SubmitResult.accepted("ok"));
    }, 10);

    private void join(String id, double hashrate) {
        byte[] nonce = new byte[32];
        HelloChallenge c = membership.hello(id, new Hello(ClusterProtocols.VERSION, id, nonce, "worker",
                new NodeCapabilities(1, 1, 1, false, false, hashrate)));
        membership.join(id, new JoinProof(c.nonce(), HandshakeTags.member(secret, id, MASTER, c.nonce(), nonce)));
    }

    private WorkResult honest(WorkUnit unit, long nonce) {
        MoneroJob job = JobFixtures.job(unit.jobId(), 1, 0);
        return new WorkResult(unit.assignment(), unit.jobId(), nonce, hasher.hash(unit.seedHash(), job.blobWithNonce((int) nonce)));
    }

    @Test
    void membersGetDisjointRangesSizedToTheirRates() {
        join(W1, 1000);
        join(W2, 3000);
        master.setJob(JobFixtures.job("j1", 1, 0));
        WorkUnit a = master.request(W1, new WorkUnitRequest(0, 1000));
        WorkUnit b = master.request(W2, new WorkUnitRequest(0, 3000));
        assertThat(a.nonceEnd() - a.nonceStart()).isEqualTo(10_000);
        assertThat(b.nonceEnd() - b.nonceStart()).isEqualTo(30_000);
        assertThat(a.nonceEnd() <= b.nonceStart() || b.nonceEnd() <= a.nonceStart()).isTrue();
        assertThat(master.heartbeat(W1, new Heartbeat(1, 1100, 1)).assignment()).as("within 20 %: same range")
                .isEqualTo(a.assignment());
        long resized = master.heartbeat(W1, new Heartbeat(2, 2000, 2)).assignment();
        assertThat(resized).as("over 20 %: a new range").isGreaterThan(a.assignment());
        WorkUnit c = master.request(W1, new WorkUnitRequest(a.assignment(), 2000));
        assertThat(c.assignment()).isEqualTo(resized);
        assertThat(c.nonceEnd() - c.nonceStart()).isEqualTo(20_000);
        WorkUnit more = master.request(W1, new WorkUnitRequest(c.assignment(), 2000));
        assertThat(more.nonceStart()).as("ran out: the next range").isGreaterThanOrEqualTo(b.nonceEnd());
    }

    @Test
    void aLeaversRangeIsReassignedAndANewJobReassignsAll() {
        join(W1, 1000);
        join(W2, 1000);
        master.setJob(JobFixtures.job("j1", 1, 0));
        WorkUnit w2 = master.request(W2, new WorkUnitRequest(0, 1000));
        membership.remove(W2);
        WorkUnit w1 = master.request(W1, new WorkUnitRequest(master.heartbeat(W1, new Heartbeat(1, 1000, 1)).assignment(), 1000));
        assertThat(w1.nonceStart()).as("W2's range goes to W1").isEqualTo(w2.nonceStart());
        master.setJob(JobFixtures.job("j2", 1, 1));
        long next = master.heartbeat(W1, new Heartbeat(2, 1000, 2)).assignment();
        assertThat(next).isGreaterThan(w1.assignment());
        assertThat(master.request(W1, new WorkUnitRequest(w1.assignment(), 1000)).jobId()).isEqualTo("j2");
    }

    @Test
    void checksEveryResultAndSubmitsEachOnlyOnce() {
        join(W1, 1000);
        join(W2, 1000);
        master.setJob(JobFixtures.job("j1", 1, 0));
        WorkUnit unit = master.request(W1, new WorkUnitRequest(0, 1000));
        WorkUnit other = master.request(W2, new WorkUnitRequest(0, 1000));
        WorkResult good = honest(unit, unit.nonceStart() + 5);
        assertThat(master.result(W1, good)).isEqualTo(new ResultVerdict(true, ""));
        assertThat(master.result(W1, good)).isEqualTo(new ResultVerdict(false, "duplicate"));
        assertThat(upstream).hasSize(1);
        assertThat(upstream.getFirst().nonce()).isEqualTo((int) (unit.nonceStart() + 5));

        assertThat(master.result(W1, new WorkResult(unit.assignment(), "j1", unit.nonceStart() + 6, new byte[32])).reason())
                .isEqualTo("bad_hash");
        assertThat(master.result(W1, honest(other, other.nonceStart())).reason()).as("W2's assignment").isEqualTo("nonce_range");
        assertThat(master.result(W1, honest(unit, unit.nonceEnd())).reason()).isEqualTo("nonce_range");
        assertThat(membership.isMember(W1)).as("dropped at max_bad_results = 3").isFalse();
        assertThat(membership.badResults()).isEqualTo(3);
        assertThatThrownBy(() -> master.result(W1, good)).isInstanceOf(ClusterException.class);
        assertThat(upstream).hasSize(1);
    }

    @Test
    void aResultUnderTheTargetIsRefused() {
        join(W1, 1000);
        MoneroJob hard = JobFixtures.job("hard", Long.MAX_VALUE / 2, 0);
        master.setJob(hard);
        WorkUnit unit = master.request(W1, new WorkUnitRequest(0, 1000));
        long nonce = unit.nonceStart();
        byte[] hash = hasher.hash(hard.seedHash(), hard.blobWithNonce((int) nonce));
        org.junit.jupiter.api.Assumptions.assumeFalse(MoneroDifficulty.meetsTarget(hash, hard.target()));
        assertThat(master.result(W1, new WorkResult(unit.assignment(), "hard", nonce, hash)).reason()).isEqualTo("low_difficulty");
        assertThat(master.result(W1, new WorkResult(999, "hard", nonce, hash)).reason()).isEqualTo("stale");
        assertThat(upstream).isEmpty();
    }

    @Test
    void noJobAndAUsedUpNonceSpaceAnswerNoWorkNowAndKeepTheMember() {
        join(W1, 1000);
        WorkUnit before = master.request(W1, new WorkUnitRequest(0, 1000));
        assertThat(before.isNone()).as("no job yet").isTrue();
        master.setJob(JobFixtures.job("j1", 1, 0));
        long last = 0;
        WorkUnit unit = master.request(W1, new WorkUnitRequest(last, NodeCapabilities.MAX_HASHRATE));
        int leases = 0;
        while (!unit.isNone() && leases++ < 100) {
            last = unit.assignment();
            unit = master.request(W1, new WorkUnitRequest(last, NodeCapabilities.MAX_HASHRATE));
        }
        assertThat(leases).as("the job's 2^32 nonces run out after a few huge ranges").isBetween(1, 99);;
        assertThat(unit).as("used up: no work now, not a refusal").satisfies(u -> {
            assertThat(u.isNone()).isTrue();
            assertThat(u.jobId()).isEmpty();
        });
        assertThat(membership.isMember(W1)).isTrue();
        assertThat(membership.refused()).isZero();
    }

    @Test
    void aResultGetsTheUpstreamsVerdictAndUpstreamFailuresAreCounted() {
        java.util.concurrent.atomic.AtomicReference<CompletableFuture<SubmitResult>> next =
                new java.util.concurrent.atomic.AtomicReference<>();
        Membership members = new Membership(MASTER, secret, clock, Duration.ofSeconds(1), 3);
        ClusterMaster fussy = new ClusterMaster(members, hasher, share -> next.get(), 10);
        byte[] nonce = new byte[32];
        HelloChallenge c = members.hello(W1, new Hello(ClusterProtocols.VERSION, W1, nonce, "worker",
                new NodeCapabilities(1, 1, 1, false, false, 1000)));
        members.join(W1, new JoinProof(c.nonce(), HandshakeTags.member(secret, W1, MASTER, c.nonce(), nonce)));
        fussy.setJob(JobFixtures.job("j1", 1, 0));
        WorkUnit unit = fussy.request(W1, new WorkUnitRequest(0, 1000));

        next.set(CompletableFuture.completedFuture(SubmitResult.rejected(SubmitResult.STALE, "job not found")));
        assertThat(fussy.result(W1, honest(unit, unit.nonceStart()))).isEqualTo(new ResultVerdict(false, "stale"));
        next.set(CompletableFuture.failedFuture(new IllegalStateException("pool connection lost")));
        assertThat(fussy.result(W1, honest(unit, unit.nonceStart() + 1)))
                .isEqualTo(new ResultVerdict(false, SubmitResult.UNREACHABLE));
        next.set(CompletableFuture.completedFuture(SubmitResult.accepted("ok")));
        assertThat(fussy.result(W1, honest(unit, unit.nonceStart() + 2))).isEqualTo(new ResultVerdict(true, ""));
        next.set(CompletableFuture.completedFuture(SubmitResult.rejected(ClusterMaster.BUSY, "try later")));
        assertThat(fussy.result(W1, honest(unit, unit.nonceStart() + 3)))
                .as("an upstream's 'busy' is not the master's busy, which members answer by sending again")
                .isEqualTo(new ResultVerdict(false, "upstream_busy"));

        assertThat(fussy.upstreamFailures()).isEqualTo(1);
        assertThat(fussy.forwarded()).isEqualTo(4);
        assertThat(members.isMember(W1)).as("an upstream rejection is not the member's fault").isTrue();
        assertThat(members.badResults()).isZero();
    }

    @Test
    void aClearedJobLeavesMembersWithNoWorkUntilTheNextJob() {
        join(W1, 1000);
        master.setJob(JobFixtures.job("j1", 1, 0));
        WorkUnit unit = master.request(W1, new WorkUnitRequest(0, 1000));
        master.clearJob();
        assertThat(master.job()).isNull();
        assertThat(master.heartbeat(W1, new Heartbeat(1, 1000, 1)).assignment()).isZero();
        assertThat(master.request(W1, new WorkUnitRequest(unit.assignment(), 1000)).isNone()).isTrue();
        assertThat(master.range(W1)).isEmpty();
        master.setJob(JobFixtures.job("j2", 1, 1));
        assertThat(master.request(W1, new WorkUnitRequest(unit.assignment(), 1000)).jobId()).isEqualTo("j2");
    }

    @Test
    void nonMembersGetNoWork() {
        master.setJob(JobFixtures.job("j1", 1, 0));
        assertThatThrownBy(() -> master.request(W1, new WorkUnitRequest(0, 1000)))
                .isInstanceOf(ClusterException.class).hasMessageContaining("not a member");
    }
}
