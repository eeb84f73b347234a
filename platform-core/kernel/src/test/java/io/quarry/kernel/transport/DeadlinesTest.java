package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Deadlines}: untimed stream waits still end at their deadline, and only those past it are woken. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeadlinesTest {

    @Test
    void aWatchPastItsDeadlineIsWokenOnceAndACancelledOneNever() throws Exception {
        AtomicInteger expired = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        AtomicInteger later = new AtomicInteger();
        Deadlines.watch(System.nanoTime(), expired::incrementAndGet);
        Deadlines.watch(System.nanoTime(), cancelled::incrementAndGet).cancel();
        Deadlines.Watch far = Deadlines.watch(System.nanoTime() + TimeUnit.HOURS.toNanos(1), later::incrementAndGet);

        Eventually.until("the expired watch was woken", () -> expired.get() == 1);
        Thread.sleep(3 * Deadlines.TICK_MILLIS); // more ticks pass: nothing else may fire, nothing twice

        assertThat(expired.get()).isEqualTo(1);
        assertThat(cancelled.get()).isZero();
        assertThat(later.get()).isZero();
        far.cancel();
    }

    @Test
    void aSenderWaitingForCreditTimesOutOrIsWokenByAGrant() throws Exception {
        StreamCredit starved = new StreamCredit(0);
        assertThatThrownBy(() -> starved.acquire(10, Duration.ofMillis(100))).isInstanceOf(IOException.class)
                .hasMessageContaining("granted no stream credit for 100 ms");

        StreamCredit credit = new StreamCredit(0);
        CompletableFuture<Void> acquired = CompletableFuture.runAsync(() -> {
            try {
                credit.acquire(10, Duration.ofMinutes(1));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        credit.grant(10);

        acquired.get(10, TimeUnit.SECONDS);
    }
}
