package io.quarry.api.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void withoutJitterDoublesUpToTheCapAndResets() {
        Backoff backoff = new BackoffPolicy(SECOND, Duration.ofSeconds(5), Jitter.NONE).start();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.failures()).isEqualTo(5);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void neverOverflowsAfterManyFailures() {
        Backoff backoff = new BackoffPolicy(Duration.ofNanos(3), MINUTE, Jitter.NONE).start();
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.next()).isBetween(Duration.ZERO, MINUTE);
        }
        assertThat(backoff.next()).isEqualTo(MINUTE);
    }

    @Test
    void fullJitterDrawsBelowTheExponentialWait() {
        Backoff backoff = new BackoffPolicy(SECOND, MINUTE, Jitter.FULL).start(new SplittableRandom(1));
        for (int attempt = 0; attempt < 12; attempt++) {
            Duration bound = attempt >= 6 ? MINUTE : SECOND.multipliedBy(1L << attempt);
            assertThat(backoff.next()).isBetween(Duration.ZERO, bound);
        }
    }

    @Test
    void decorrelatedJitterStaysBetweenInitialAndCapAndGrowsFromTheLastWait() {
        Backoff backoff = BackoffPolicy.of(SECOND, MINUTE).start(new SplittableRandom(7));
        Duration previous = SECOND;
        for (int i = 0; i < 50; i++) {
            Duration wait = backoff.next();
            assertThat(wait).isBetween(SECOND, MINUTE);
            Duration ceiling = previous.multipliedBy(3).compareTo(MINUTE) > 0 ? MINUTE : previous.multipliedBy(3);
            assertThat(wait).isLessThanOrEqualTo(ceiling);
            previous = wait;
        }
    }

    @Test
    void clientsWithTheirOwnRandomDoNotWaitInLockstep() {
        Set<Duration> firstWaits = new HashSet<>();
        for (int client = 0; client < 20; client++) {
            firstWaits.add(BackoffPolicy.DEFAULT.start(new SplittableRandom(client)).next());
        }
        assertThat(firstWaits).hasSizeGreaterThan(15);
    }

    @Test
    void aSeededRandomRepeatsTheSameWaits() {
        Backoff a = BackoffPolicy.DEFAULT.start(new SplittableRandom(42));
        Backoff b = BackoffPolicy.DEFAULT.start(new SplittableRandom(42));
        for (int i = 0; i < 10; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void refusesAnEmptyOrInvertedRange() {
        assertThatThrownBy(() -> new BackoffPolicy(Duration.ZERO, MINUTE, Jitter.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackoffPolicy(MINUTE, SECOND, Jitter.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
