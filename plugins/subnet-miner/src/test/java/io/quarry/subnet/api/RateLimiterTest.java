package io.quarry.subnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void allowsMaxRequestsPerSlidingWindowPerCaller() {
        RateLimiter limiter = new RateLimiter(3, 60_000);
        assertThat(limiter.allow("a", 0)).isTrue();
        assertThat(limiter.allow("a", 10_000)).isTrue();
        assertThat(limiter.allow("a", 20_000)).isTrue();
        assertThat(limiter.allow("a", 30_000)).isFalse();
        assertThat(limiter.allow("b", 30_000)).as("another caller has its own window").isTrue();
        assertThat(limiter.allow("a", 60_000)).as("the first request left the window").isTrue();
        assertThat(limiter.allow("a", 60_001)).isFalse();
        assertThat(limiter.allow("a", 70_001)).isTrue();
    }

    @Test
    void refusedRequestsDoNotCount() {
        RateLimiter limiter = new RateLimiter(1, 1000);
        assertThat(limiter.allow("a", 0)).isTrue();
        for (int t = 1; t < 1000; t += 100) {
            assertThat(limiter.allow("a", t)).isFalse();
        }
        assertThat(limiter.allow("a", 1000)).isTrue();
    }
}
