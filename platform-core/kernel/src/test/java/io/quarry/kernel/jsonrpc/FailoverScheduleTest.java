package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.retry.BackoffPolicy;
import io.quarry.api.retry.Jitter;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FailoverScheduleTest {

    private final FailoverSchedule schedule = new FailoverSchedule(3, new BackoffPolicy(Duration.ofSeconds(1),
            Duration.ofSeconds(5), Jitter.NONE), new SplittableRandom(1));

    @Test
    void triesEveryEndpointBeforeWaiting() {
        assertThat(schedule.current()).isZero();
        assertThat(schedule.failed()).isZero();
        assertThat(schedule.current()).isEqualTo(1);
        assertThat(schedule.failed()).isZero();
        assertThat(schedule.current()).isEqualTo(2);
        assertThat(schedule.failed()).isEqualTo(1000);
        assertThat(schedule.current()).isZero();
    }

    @Test
    void doublesTheWaitEachFailedRoundUpToTheCap() {
        long[] waits = new long[5];
        for (int round = 0; round < waits.length; round++) {
            schedule.failed();
            schedule.failed();
            waits[round] = schedule.failed();
        }
        assertThat(waits).containsExactly(1000, 2000, 4000, 5000, 5000);
    }

    @Test
    void returnsToThePrimaryAtOnceAfterAWorkingConnectionEnds() {
        schedule.failed();
        assertThat(schedule.current()).isEqualTo(1);
        schedule.healthy();
        assertThat(schedule.lost()).isZero();
        assertThat(schedule.current()).isZero();
        // The failures before the healthy connection no longer count toward a backoff.
        schedule.failed();
        schedule.failed();
        assertThat(schedule.failed()).isEqualTo(1000);
    }

    @Test
    void theDefaultJittersEachRoundBetweenTheInitialWaitAndTheCap() {
        FailoverSchedule jittered = new FailoverSchedule(1, Duration.ofSeconds(1), Duration.ofSeconds(5));
        for (int round = 0; round < 20; round++) {
            assertThat(jittered.failed()).isBetween(1000L, 5000L);
        }
    }
}
