package io.quarry.kernel.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KernelExecutorsTest {

    @Test
    void threadsCarryOwnerAndExecutorName() throws Exception {
        KernelExecutors executors = new KernelExecutors("randomx-cluster");
        String platform = executors.platform("hash", 1).submit(() -> Thread.currentThread().getName()).get();
        String virtual = executors.virtual("io").submit(() -> Thread.currentThread().getName()).get();
        assertThat(platform).isEqualTo("randomx-cluster/hash-0");
        assertThat(virtual).startsWith("randomx-cluster/io-");
        executors.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void shutdownInterruptsTasksThatOutlastTheGraceAndRefusesNewExecutors() throws Exception {
        KernelExecutors executors = new KernelExecutors("p");
        ExecutorService pool = executors.platform("slow", 1);
        pool.submit(() -> {
            Thread.sleep(60_000);
            return null;
        });
        assertThat(executors.shutdown(Duration.ofMillis(100))).isFalse();
        assertThat(pool.awaitTermination(2, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> executors.virtual("late")).isInstanceOf(IllegalStateException.class);
    }
}
