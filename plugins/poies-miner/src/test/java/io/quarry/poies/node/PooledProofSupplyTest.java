package io.quarry.poies.node;

import static io.quarry.poies.policy.ProofType.AI;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.pool.ProofPool;
import io.quarry.poies.proof.pool.ProofProducer;
import io.quarry.poies.proof.pool.ProofWorker;
import io.quarry.poies.proof.testing.FixedKind;
import io.quarry.poies.proof.testing.Fixtures;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The node's proof supply stops its workers before it returns, so the node can close what they read. */
class PooledProofSupplyTest {

    @Test
    void closeReturnsOnlyOnceTheRoundInProgressFinished() throws Exception {
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        ProofProducer reader = new ProofProducer() {
            @Override
            public String name() {
                return "reader";
            }

            @Override
            public Optional<ProofEnvelope> produce(ProofContext context, Predicate<Bytes> pooled) {
                inRound.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                events.add("round finished");
                return Optional.of(FixedKind.proof(AI, 100_000, "r"));
            }
        };
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        var rounds = Executors.newSingleThreadExecutor();
        try {
            ProofPool pool = new ProofPool(ProofRegistry.of(List.of(new FixedKind(AI))), 16);
            ProofWorker worker = new ProofWorker(pool, List.of(reader), rounds, InstantSource.system(),
                    Duration.ofSeconds(1));
            PooledProofSupply supply = new PooledProofSupply(pool, worker, timer, Duration.ofHours(1),
                    Duration.ofSeconds(30));
            supply.start();
            supply.onHead(Fixtures.context(3, Fixtures.policy(List.of())), n -> false);
            assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();

            Thread stopping = Thread.ofPlatform().start(() -> {
                supply.close();
                events.add("closed");
            });
            stopping.join(200);
            assertThat(stopping.isAlive()).as("close waits for the round").isTrue();
            release.countDown();
            stopping.join(10_000);
            assertThat(events).containsExactly("round finished", "closed");
            assertThat(pool.size()).isEqualTo(1);
        } finally {
            release.countDown();
            rounds.shutdownNow();
            timer.shutdownNow();
        }
    }
}
