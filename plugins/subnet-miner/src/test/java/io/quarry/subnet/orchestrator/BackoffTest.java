package io.quarry.subnet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void doublesUpToTheCapWithJitterBetweenHalfAndOneAndAHalf() {
        Random random = new Random(3);
        for (int attempt = 0; attempt < 40; attempt++) {
            long base = Math.min(1000L << Math.min(attempt, 20), 60_000);
            for (int i = 0; i < 50; i++) {
                long delay = backoff.delay(attempt, random).toMillis();
                assertThat(delay).isBetween(base / 2, base * 3 / 2);
            }
        }
    }

    @Test
    void jitterSpreadsMinersCutOffTogether() {
        Random random = new Random(4);
        long distinct = java.util.stream.IntStream.range(0, 100).mapToLong(i -> backoff.delay(3, random).toMillis())
                .distinct().count();
        assertThat(distinct).isGreaterThan(50);
    }
}
