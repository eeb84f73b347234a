package io.quarry.kernel.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong();
    private final TokenBucket bucket = new TokenBucket(10, 3, now::get);

    @Test
    void allowsTheBurstThenRefusesUntilRefilled() {
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
        now.addAndGet(100_000_000); // 100 ms at 10/s: one token
        assertThat(bucket.tryTake()).isTrue();
        assertThat(bucket.tryTake()).isFalse();
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        now.addAndGet(3_600_000_000_000L);
        int taken = 0;
        while (bucket.tryTake()) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }

    @Test
    void isAbsentWhenTheRateIsZero() {
        assertThat(TokenBucket.orNull(0, 10)).isNull();
    }
}
