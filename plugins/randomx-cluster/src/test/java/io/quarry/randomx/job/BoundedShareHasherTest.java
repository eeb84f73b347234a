package io.quarry.randomx.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.testing.Eventually;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Share checks called from virtual threads hash on the wrapper's platform thread, and a full queue refuses at once. */
class BoundedShareHasherTest {

    @Test
    void hashesOnAPlatformThreadAndRefusesBeyondTheQueue() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Semaphore entered = new Semaphore(0);
        AtomicReference<Thread> ran = new AtomicReference<>();
        ShareHasher gated = (seed, blob) -> {
            ran.set(Thread.currentThread());
            entered.release();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new byte[] {blob[0]};
        };
        try (BoundedShareHasher hasher = new BoundedShareHasher(gated, 1, 2, "test-check");
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> hasher.hash(new byte[32], new byte[] {1}), virtual);
            assertThat(entered.tryAcquire(Eventually.LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(ran.get().isVirtual()).isFalse();
            assertThat(ran.get().getName()).startsWith("test-check-");
            CompletableFuture<byte[]> second = CompletableFuture.supplyAsync(() -> hasher.hash(new byte[32], new byte[] {2}), virtual);
            CompletableFuture<byte[]> third = CompletableFuture.supplyAsync(() -> hasher.hash(new byte[32], new byte[] {3}), virtual);
            Eventually.until("two checks wait", () -> hasher.queued() == 2);
            assertThatThrownBy(() -> hasher.hash(new byte[32], new byte[] {4}))
                    .isInstanceOf(BoundedShareHasher.VerifierBusyException.class)
                    .as("an IllegalStateException: a Stratum share is answered 'could not be verified'")
                    .isInstanceOf(IllegalStateException.class);
            assertThat(hasher.busyRefusals()).isEqualTo(1);
            gate.countDown();
            assertThat(first.join()).containsExactly(1);
            assertThat(second.join()).containsExactly(2);
            assertThat(third.join()).containsExactly(3);
        }
    }

    @Test
    void theWrappedHashersFailureReachesTheCaller() {
        try (BoundedShareHasher hasher = new BoundedShareHasher((seed, blob) -> {
            throw new IllegalStateException("this node's engine holds another RandomX key");
        }, 1, 1, "test-check")) {
            assertThatThrownBy(() -> hasher.hash(new byte[32], new byte[1]))
                    .isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("another RandomX key");
        }
    }
}
