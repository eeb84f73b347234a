package io.quarry.api.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(1_000_000);

    private RateLimiter limiter(double keyRate, int keyBurst, double globalRate, int globalBurst, int maxKeys) {
        return new RateLimiter(new RateLimit(keyRate, keyBurst), new RateLimit(globalRate, globalBurst), clock,
                maxKeys);
    }

    @Test
    void keyOverItsBurstIsRefusedUntilRefilled() {
        RateLimiter limiter = limiter(2, 3, 0, 1, 100);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isEqualTo(RateVerdict.ALLOWED);
        }
        assertThat(limiter.tryAcquire("a")).isEqualTo(RateVerdict.KEY_LIMITED);
        assertThat(limiter.tryAcquire("b")).isEqualTo(RateVerdict.ALLOWED);
        clock.advance(Duration.ofMillis(500)); // half a second at 2/s: one token
        assertThat(limiter.tryAcquire("a")).isEqualTo(RateVerdict.ALLOWED);
        assertThat(limiter.tryAcquire("a")).isEqualTo(RateVerdict.KEY_LIMITED);
    }

    @Test
    void globalBucketLimitsAllKeysTogether() {
        RateLimiter limiter = limiter(100, 100, 1, 2, 100);
        assertThat(limiter.tryAcquire("a")).isEqualTo(RateVerdict.ALLOWED);
        assertThat(limiter.tryAcquire("b")).isEqualTo(RateVerdict.ALLOWED);
        assertThat(limiter.tryAcquire("c")).isEqualTo(RateVerdict.GLOBAL_LIMITED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("c")).isEqualTo(RateVerdict.ALLOWED);
    }

    @Test
    void globalLimitAloneStillAppliesWithoutPerKeyBuckets() {
        RateLimiter limiter = limiter(0, 1, 1, 2, 100);
        assertThat(limiter.tryAcquire("a")).isEqualTo(RateVerdict.ALLOWED);
        assertThat(limiter.tryAcquire("b")).isEqualTo(RateVerdict.ALLOWED);
        assertThat(limiter.tryAcquire("c")).isEqualTo(RateVerdict.GLOBAL_LIMITED);
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void aLimitedKeyDoesNotSpendGlobalTokens() {
        RateLimiter limiter = limiter(1, 1, 1, 2, 100);
        assertThat(limiter.tryAcquire("flood")).isEqualTo(RateVerdict.ALLOWED);
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.tryAcquire("flood")).isEqualTo(RateVerdict.KEY_LIMITED);
        }
        assertThat(limiter.tryAcquire("quiet")).isEqualTo(RateVerdict.ALLOWED);
    }

    @Test
    void aGloballyRefusedRequestKeepsTheKeysToken() {
        RateLimiter limiter = limiter(1, 1, 1, 1, 100);
        assertThat(limiter.tryAcquire("a")).isEqualTo(RateVerdict.ALLOWED);
        assertThat(limiter.tryAcquire("b")).isEqualTo(RateVerdict.GLOBAL_LIMITED);
        clock.advance(Duration.ofSeconds(1));
        // b's own token was not spent on the refusal, and the global bucket has refilled one.
        assertThat(limiter.tryAcquire("b")).isEqualTo(RateVerdict.ALLOWED);
    }

    @Test
    void zeroRatesTurnLimitsOff() {
        RateLimiter limiter = RateLimiter.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        }
        assertThat(limiter.trackedKeys()).isZero();
    }

    @Test
    void remembersABoundedNumberOfKeysForgettingTheLeastRecent() {
        RateLimiter limiter = limiter(1, 1, 0, 1, 3);
        limiter.tryAcquire("old");
        limiter.tryAcquire("b");
        limiter.tryAcquire("c");
        assertThat(limiter.tryAcquire("b")).isEqualTo(RateVerdict.KEY_LIMITED);
        limiter.tryAcquire("d"); // "old" is the least recently seen and goes
        assertThat(limiter.trackedKeys()).isEqualTo(3);
        assertThat(limiter.tryAcquire("old")).as("a forgotten key starts full").isEqualTo(RateVerdict.ALLOWED);
        // Making room for "old" again forgot c (b was seen more recently than c).
        assertThat(limiter.tryAcquire("b")).isEqualTo(RateVerdict.KEY_LIMITED);
        assertThat(limiter.tryAcquire("c")).isEqualTo(RateVerdict.ALLOWED);
    }

    @Test
    void rejectsBadRates() {
        assertThatThrownBy(() -> new RateLimit(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(Double.POSITIVE_INFINITY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter(1, 1, 1, 1, 0)).hasMessageContaining("maxKeys");
    }
}
