package io.quarry.poies.proof.pool;

import static io.quarry.poies.policy.ProofType.AI;
import static io.quarry.poies.policy.ProofType.QUANTUM;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.policy.ProofType;
import io.quarry.poies.policy.Provider;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.attest.AttestedKind;
import io.quarry.poies.proof.dev.DevProvider;
import io.quarry.poies.proof.dev.DevProviderKey;
import io.quarry.poies.proof.storage.LocalStorageProver;
import io.quarry.poies.proof.storage.StorageKind;
import io.quarry.poies.proof.testing.FixedKind;
import io.quarry.poies.proof.testing.Fixtures;
import io.quarry.poies.proof.vdf.VdfKind;
import io.quarry.poies.proof.vdf.VdfProver;
import io.quarry.testing.MutableClock;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ProofWorkerTest {

    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    /** Runs submitted rounds only when asked, so a test sees what is in flight. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            queued.add(task);
        }

        void runAll() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    private static final class Scripted implements ProofProducer {
        final AtomicInteger calls = new AtomicInteger();
        final String name;
        final RuntimeException failure;

        Scripted(String name, RuntimeException failure) {
            this.name = name;
            this.failure = failure;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<ProofEnvelope> produce(ProofContext context, Predicate<Bytes> pooled) {
            int call = calls.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return Optional.of(FixedKind.proof(AI, 100_000, name + call));
        }
    }

    /** A producer named {@code name} whose rounds run {@code round}. */
    private static ProofProducer producer(String name, Supplier<Optional<ProofEnvelope>> round) {
        return new ProofProducer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<ProofEnvelope> produce(ProofContext context, Predicate<Bytes> pooled) {
                return round.get();
            }
        };
    }

    @Test
    void realProducersFillThePoolWithVerifiedProofsForTheHead(@TempDir Path dir) {
        DevProviderKey key = DevProviderKey.loadOrCreate(dir);
        Policy policy = Fixtures.policy(List.of(new Provider("dev", key.publicKey(), Set.of(AI, QUANTUM))));
        ProofRegistry registry = ProofRegistry.of(List.of(new VdfKind(), new StorageKind(), AttestedKind.ai(),
                AttestedKind.quantum()));
        ProofPool pool = new ProofPool(registry, 64);
        DevProvider dev = new DevProvider(key);
        try (LocalStorageProver plot = LocalStorageProver.open(dir.resolve("plot"), 4096, 256)) {
            List<ProofProducer> producers = List.of(new VdfProducer(new VdfProver(1L << 16)),
                    new StorageProducer(Optional::empty, () -> plot), new DevJobProducer(dev, AI, 2),
                    new DevJobProducer(dev, QUANTUM, 2));
            ProofWorker worker = new ProofWorker(pool, producers, Runnable::run, new MutableClock(START), Duration.ofSeconds(5));
            ProofContext head = Fixtures.context(8, policy);
            worker.onHead(head, n -> false);
            worker.tick();
            worker.tick(); // the per-head budgets are spent: nothing more
            assertThat(pool.proofs()).extracting(p -> p.type()).containsExactlyInAnyOrder(ProofType.VDF,
                    ProofType.STORAGE, AI, AI, QUANTUM, QUANTUM);
            assertThat(worker.stats().get("vdf")).isEqualTo(new ProducerStats(1, 1, 0, 0, false, ""));
            assertThat(worker.stats().get("dev-ai").pooled()).isEqualTo(2);

            // The next head: per-head producers run again; nothing from the last head is dropped (still anchored).
            worker.onHead(Fixtures.context(9, policy), n -> false);
            assertThat(pool.size()).isEqualTo(6 + 4);
        }
    }

    @Test
    void aProducerIsNeverRunTwiceAtOnce() {
        ProofPool pool = new ProofPool(ProofRegistry.of(List.of(new FixedKind(AI))), 64);
        ManualExecutor executor = new ManualExecutor();
        Scripted producer = new Scripted("slow", null);
        ProofWorker worker = new ProofWorker(pool, List.of(producer), executor, new MutableClock(START), Duration.ofSeconds(5));
        worker.tick();
        assertThat(executor.queued).as("no head yet, nothing to do").isEmpty();
        worker.onHead(Fixtures.context(3, Fixtures.policy(List.of())), n -> false);
        worker.tick();
        worker.tick();
        assertThat(executor.queued).hasSize(1);
        assertThat(worker.stats().get("slow").busy()).isTrue();
        executor.runAll();
        worker.tick();
        executor.runAll();
        assertThat(producer.calls).hasValue(2);
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void aFailingProducerRestsForTheBackoffOnTheClock() {
        ProofPool pool = new ProofPool(ProofRegistry.of(List.of(new FixedKind(AI))), 64);
        MutableClock clock = new MutableClock(START);
        Scripted broken = new Scripted("broken", new IllegalStateException("no device"));
        ProofWorker worker = new ProofWorker(pool, List.of(broken), Runnable::run, clock, Duration.ofSeconds(30));
        worker.onHead(Fixtures.context(3, Fixtures.policy(List.of())), n -> false);
        worker.tick();
        assertThat(broken.calls).hasValue(1);
        clock.advance(Duration.ofSeconds(29));
        worker.tick();
        assertThat(broken.calls).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        worker.tick();
        assertThat(broken.calls).hasValue(2);
        assertThat(worker.stats().get("broken").failures()).isEqualTo(2);
        assertThat(worker.stats().get("broken").lastProblem()).contains("no device");
    }

    @Test
    void roundsInProgressAreAwaitedAndNoneStartsAfterClose() throws Exception {
        ProofPool pool = new ProofPool(ProofRegistry.of(List.of(new FixedKind(AI))), 64);
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        ProofProducer slow = producer("slow", () -> {
            inRound.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
            return Optional.of(FixedKind.proof(AI, 100_000, "slow"));
        });
        Scripted queued = new Scripted("queued", null);
        ManualExecutor executor = new ManualExecutor();
        ProofWorker worker = new ProofWorker(pool, List.of(slow, queued), executor, new MutableClock(START),
                Duration.ofSeconds(5));
        worker.onHead(Fixtures.context(3, Fixtures.policy(List.of())), n -> false);
        assertThat(executor.queued).hasSize(2);
        Thread running = Thread.ofPlatform().start(executor.queued.poll()); // the slow round runs; the other waits
        assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();
        worker.close();
        assertThat(worker.awaitRounds(Duration.ofMillis(50))).as("the slow round is still running").isFalse();

        release.countDown();
        executor.runAll(); // the queued round starts after the close: it does nothing
        assertThat(worker.awaitRounds(Duration.ofSeconds(10))).isTrue();
        running.join();
        assertThat(finished).hasValue(1);
        assertThat(queued.calls).hasValue(0);
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void aRoundFailingBecauseOfTheStopIsNoWarning() {
        Logger log = (Logger) LoggerFactory.getLogger(ProofWorker.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        log.addAppender(logs);
        try {
            AtomicReference<ProofWorker> self = new AtomicReference<>();
            AtomicInteger calls = new AtomicInteger();
            ProofProducer plot = producer("plot", () -> {
                if (calls.incrementAndGet() == 2) {
                    self.get().close(); // the node stops while this round reads
                }
                throw new UncheckedIOException("cannot read the storage plot", new ClosedChannelException());
            });
            ProofPool pool = new ProofPool(ProofRegistry.of(List.of(new FixedKind(AI))), 64);
            ProofWorker worker = new ProofWorker(pool, List.of(plot), Runnable::run, new MutableClock(START), Duration.ZERO);
            self.set(worker);
            worker.onHead(Fixtures.context(3, Fixtures.policy(List.of())), n -> false);
            assertThat(logs.list).as("a failure while running").filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);

            worker.tick();
            assertThat(calls).hasValue(2);
            assertThat(worker.stats().get("plot").failures()).isEqualTo(2);
            assertThat(logs.list).as("a failure because of the stop").filteredOn(e -> e.getLevel() == Level.WARN)
                    .hasSize(1);
        } finally {
            log.detachAppender(logs);
        }
    }

    @Test
    void refusedProofsAreCountedAndClosedWorkersStop() {
        ProofPool pool = new ProofPool(ProofRegistry.of(List.of(new FixedKind(QUANTUM))), 64);
        Scripted wrongKind = new Scripted("wrong", null); // produces AI proofs the registry does not know
        ProofWorker worker = new ProofWorker(pool, List.of(wrongKind), Runnable::run, new MutableClock(START), Duration.ZERO);
        worker.onHead(Fixtures.context(3, Fixtures.policy(List.of())), n -> false);
        assertThat(worker.stats().get("wrong").refused()).isEqualTo(1);
        assertThat(worker.stats().get("wrong").lastProblem()).contains("unknown_type");
        assertThat(pool.size()).isZero();
        worker.close();
        worker.close();
        worker.tick();
        assertThat(wrongKind.calls).hasValue(1);
    }
}
