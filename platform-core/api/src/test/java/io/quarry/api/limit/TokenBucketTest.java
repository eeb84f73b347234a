package io.quarry.api.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final MutableClock clock = new MutableClock(5_000);
    private final TokenBucket bucket = new TokenBucket(new RateLimit(10, 3), clock);

    @Test
    void allowsTheBurstThenRefusesUntilRefilled() {
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofMillis(100)); // 100 ms at 10/s: one token
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        clock.advance(Duration.ofHours(1));
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }

    @Test
    void aClockSteppingBackRefillsNothing() {
        while (bucket.tryTake()) {
            // drain
        }
        clock.advance(Duration.ofSeconds(-10));
        assertThat(bucket.tryTake()).isFalse();
        clock.advance(Duration.ofSeconds(10).plusMillis(100));
        assertThat(bucket.tryTake()).isTrue();
    }

    @Test
    void refusesARateOfZero() {
        assertThatThrownBy(() -> new TokenBucket(RateLimit.OFF, clock)).hasMessageContaining("rate > 0");
    }
}
