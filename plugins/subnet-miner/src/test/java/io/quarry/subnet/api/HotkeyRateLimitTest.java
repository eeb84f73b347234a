package io.quarry.subnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.api.limit.RateLimit;
import io.quarry.api.limit.RateLimiter;
import io.quarry.subnet.SubnetMinerConfig;
import io.quarry.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** max_requests per window_seconds as the gate applies it: one token bucket per hotkey. */
class HotkeyRateLimitTest {

    private final MutableClock clock = new MutableClock(1_760_000_000_000L);

    @Test
    void aBurstOfMaxRequestsThenMaxRequestsPerWindow() {
        RateLimiter limiter = limiter(3, 60);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a").allowed()).as("request %d of the burst", i).isTrue();
        }
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        assertThat(limiter.tryAcquire("b").allowed()).as("another hotkey has its own bucket").isTrue();
        clock.advance(Duration.ofSeconds(19));
        assertThat(limiter.tryAcquire("a").allowed()).as("3 per 60 s: one every 20 s").isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
    }

    @Test
    void overWholeWindowsAHotkeyAveragesAtMostMaxRequestsPerWindow() {
        RateLimiter limiter = limiter(5, 10);
        int allowed = 0;
        int windows = 30;
        for (int second = 0; second < windows * 10; second++) {
            for (int i = 0; i < 4; i++) {
                allowed += limiter.tryAcquire("flood").allowed() ? 1 : 0;
            }
            clock.advance(Duration.ofSeconds(1));
        }
        // The opening burst plus the refill: max_requests for each window and one burst.
        assertThat(allowed).isBetween(5 * windows, 5 * windows + 5);
    }

    private RateLimiter limiter(int maxRequests, int windowSeconds) {
        SubnetMinerConfig defaults = SubnetMinerConfig.SPEC.defaults();
        SubnetMinerConfig config = new SubnetMinerConfig(defaults.netuid(), defaults.network(), defaults.walletName(),
                defaults.hotkeyName(), defaults.walletPath(), defaults.listen(), defaults.minStake(),
                defaults.metagraphFile(), defaults.freshnessMs(), maxRequests, windowSeconds, defaults.maxBodyBytes(),
                defaults.orchestratorUrl(), defaults.legacyHeaders(), defaults.bidPerHour(), defaults.attestation(),
                defaults.devWallets());
        return new RateLimiter(config.rateLimit(), RateLimit.OFF, clock, RateLimiter.DEFAULT_MAX_KEYS);
    }
}
