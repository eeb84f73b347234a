package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.retry.BackoffPolicy;
import io.quarry.api.retry.Jitter;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final BackoffPolicy EXACT = new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(1),
            Jitter.NONE);

    @Test
    void waitDoublesPerFailureUpToTheCap() {
        Backoff backoff = new Backoff(EXACT, new SplittableRandom(1));
        assertThat(backoff.remainingNanos(0)).isZero();
        long[] expectedMillis = {100, 200, 400, 800, 1000, 1000};
        for (long millis : expectedMillis) {
            backoff.failed("refused", 0);
            assertThat(backoff.remainingNanos(0)).isEqualTo(Duration.ofMillis(millis).toNanos());
        }
    }

    @Test
    void successResetsTheWait() {
        Backoff backoff = new Backoff(EXACT, new SplittableRandom(1));
        backoff.failed("refused", 0);
        backoff.failed("refused", 0);
        assertThat(backoff.remainingNanos(0)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(backoff.lastError()).isEqualTo("refused");

        backoff.succeeded();

        assertThat(backoff.remainingNanos(0)).isZero();
        backoff.failed("refused", 0);
        assertThat(backoff.remainingNanos(0)).isEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void theDefaultJittersWithinTheRange() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            backoff.failed("refused", 0);
            assertThat(backoff.remainingNanos(0)).isBetween(Duration.ofMillis(100).toNanos(),
                    Duration.ofSeconds(1).toNanos());
        }
    }
}
