package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void delayDoublesPerFailureUpToTheCap() {
        assertThat(backoff.delayNanos(0)).isZero();
        assertThat(backoff.delayNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(backoff.delayNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(backoff.delayNanos(4)).isEqualTo(Duration.ofMillis(800).toNanos());
        assertThat(backoff.delayNanos(5)).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(backoff.delayNanos(500)).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void successResetsTheWait() {
        backoff.failed("refused", 0);
        backoff.failed("refused", 0);
        assertThat(backoff.remainingNanos(0)).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(backoff.lastError()).isEqualTo("refused");

        backoff.succeeded();

        assertThat(backoff.remainingNanos(0)).isZero();
    }
}
