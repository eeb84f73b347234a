package io.quarry.randomx.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.NodeContext;
import io.quarry.api.transport.PeerAddress;
import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.Heartbeat;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.randomx.cluster.wire.ResultVerdict;
import io.quarry.randomx.cluster.wire.WorkResult;
import io.quarry.randomx.cluster.wire.WorkUnit;
import io.quarry.randomx.cluster.wire.WorkUnitRequest;
import io.quarry.randomx.hashing.NonceRange;
import io.quarry.randomx.job.JobFixtures;
import io.quarry.randomx.job.MoneroJob;
import io.quarry.randomx.job.Share;
import io.quarry.randomx.job.ShareHasher;
import io.quarry.randomx.job.SubmitResult;
import io.quarry.testing.Eventually;
import io.quarry.testkit.TestCluster;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's re-hash of members' results, between real nodes over the transport: it runs on a platform thread of
 * its own (never on the transport's virtual threads, whose carriers a native hash would pin), heartbeats are answered
 * while results wait for it, and a full queue answers {@code busy} without losing the result.
 */
class ClusterResultCheckTest {

    private static final NodeCapabilities CAPS = new NodeCapabilities(2, 1, 512, false, false, 1000);

    @TempDir
    Path dir;

    private final ClusterSecret secret = ClusterSecret.generate();
    private final GatedHasher hasher = new GatedHasher();
    private final List<Share> upstream = new CopyOnWriteArrayList<>();

    /** Hashes like {@link Sha256TestHasher}, noting the thread, and waits while the gate is closed. */
    static final class GatedHasher implements ShareHasher {
        final Sha256TestHasher real = new Sha256TestHasher();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final Semaphore entered = new Semaphore(0);
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public byte[] hash(byte[] seedHash, byte[] blob) {
            threads.add(Thread.currentThread());
            entered.release();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return real.hash(seedHash, blob);
        }
    }

    private ClusterNode masterNode(NodeContext context) {
        ClusterSettings settings = new ClusterSettings(ClusterRole.MASTER, "", dir.resolve("unused.secret").toString(),
                1, List.of(), false, 3);
        ClusterNode node = new ClusterNode(context.transport(), context.identity().nodeId(), settings, secret,
                InstantSource.system(), () -> CAPS);
        node.registerProtocols();
        node.attachMaster(hasher, share -> {
            upstream.add(share);
            return CompletableFuture.completedFuture(SubmitResult.accepted("ok"));
        });
        return node;
    }

    @Test
    void resultsAreReHashedOnAPlatformThreadWhileHeartbeatsAreAnswered() throws Exception {
        List<ContextProbe> probes = new ArrayList<>();
        try (TestCluster cluster = TestCluster.start(2, dir, (i, b) -> {
            ContextProbe probe = new ContextProbe();
            probes.add(probe);
            return b.plugin("probe", () -> probe);
        }); ClusterNode node = masterNode(probes.get(0).context)) {
            PeerAddress master = cluster.node(0).peerAddress();
            NodeContext member = probes.get(1).context;
            new JoinClient(member.transport(), secret, member.identity().nodeId()).join(master, "worker", CAPS);
            node.master().orElseThrow().setJob(JobFixtures.job("j1", 1, 0));
            WorkUnit unit = member.transport().request(master, ClusterProtocols.WORKUNIT_REQUEST,
                    new WorkUnitRequest(0, 1000)).join();
            MoneroJob job = JobFixtures.job("j1", 1, 0);
            long nonce = unit.nonceStart() + 3;

            hasher.gate = new CountDownLatch(1);
            CompletableFuture<ResultVerdict> verdict = member.transport().request(master,
                    ClusterProtocols.WORKUNIT_RESULT, new WorkResult(unit.assignment(), "j1", nonce,
                            hasher.real.hash(job.seedHash(), job.blobWithNonce((int) nonce))));
            assertThat(hasher.entered.tryAcquire(Eventually.LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the master started the re-hash").isTrue();
            Thread checker = hasher.threads.getFirst();
            assertThat(checker.isVirtual()).as("re-hashed on a platform thread, not a transport virtual thread")
                    .isFalse();
            assertThat(checker.getName()).startsWith("randomx-result-check");
            for (int beat = 1; beat <= 3; beat++) {
                assertThat(member.transport().request(master, ClusterProtocols.HEARTBEAT,
                        new Heartbeat(beat, 1000, beat)).join().assignment())
                        .as("heartbeats are answered while the re-hash runs").isEqualTo(unit.assignment());
            }
            assertThat(verdict).isNotDone();
            hasher.gate.countDown();
            assertThat(verdict.join()).isEqualTo(new ResultVerdict(true, ""));
            assertThat(upstream).singleElement().satisfies(s -> assertThat(s.nonce()).isEqualTo((int) nonce));
        }
    }

    @Test
    void aFullQueueAnswersBusyAndTheMemberSendsTheResultAgainUntilItIsChecked() throws Exception {
        List<ContextProbe> probes = new ArrayList<>();
        try (TestCluster cluster = TestCluster.start(2, dir, (i, b) -> {
            ContextProbe probe = new ContextProbe();
            probes.add(probe);
            return b.plugin("probe", () -> probe);
        }); ClusterNode node = masterNode(probes.get(0).context)) {
            PeerAddress master = cluster.node(0).peerAddress();
            NodeContext member = probes.get(1).context;
            node.master().orElseThrow().setJob(JobFixtures.job("j1", 1, 0));
            MasterWorkSource source = new MasterWorkSource(member.transport(),
                    new JoinClient(member.transport(), secret, member.identity().nodeId()), () -> Optional.of(master),
                    () -> CAPS, "worker", () -> 0, () -> 1000);
            try {
                source.start();
                Eventually.until("the member holds a range", () -> source.currentJob().isPresent());
                MoneroJob job = source.currentJob().orElseThrow();
                NonceRange range = source.nonceRange(job);

                hasher.gate = new CountDownLatch(1);
                List<CompletableFuture<SubmitResult>> sent = new ArrayList<>();
                // One result on the re-hash thread, ClusterNode.RESULT_QUEUE waiting, and one more than fits.
                for (int i = 0; i < ClusterNode.RESULT_QUEUE + 2; i++) {
                    int nonce = (int) range.start() + i;
                    sent.add(source.submit(new Share(job, nonce, hasher.real.hash(job.seedHash(),
                            job.blobWithNonce(nonce)))));
                    if (i == 0) {
                        assertThat(hasher.entered.tryAcquire(Eventually.LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    }
                }
                Eventually.until("a result is answered busy", () -> node.master().orElseThrow().busy() > 0);
                assertThat(node.resultChecksWaiting()).isEqualTo(ClusterNode.RESULT_QUEUE);
                assertThat(sent).as("the busy result is sent again, not given up").noneMatch(CompletableFuture::isDone);
                hasher.gate.countDown();
                for (CompletableFuture<SubmitResult> each : sent) {
                    assertThat(each.get(Eventually.LIMIT.toSeconds(), TimeUnit.SECONDS).accepted()).isTrue();
                }
                assertThat(upstream).hasSize(ClusterNode.RESULT_QUEUE + 2);
                assertThat(hasher.threads).noneMatch(Thread::isVirtual);
            } finally {
                source.close();
            }
        }
    }
}
