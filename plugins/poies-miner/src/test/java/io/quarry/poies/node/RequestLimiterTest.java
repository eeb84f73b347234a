package io.quarry.poies.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.node.RequestLimiter.Verdict;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void peerOverItsBurstIsRefusedUntilRefilled() {
        RequestLimiter limiter = new RequestLimiter(2, 3, 0, 1, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isEqualTo(Verdict.ALLOWED);
        }
        assertThat(limiter.tryAcquire("a")).isEqualTo(Verdict.PEER_LIMITED);
        assertThat(limiter.tryAcquire("b")).isEqualTo(Verdict.ALLOWED);
        nanos.addAndGet(500_000_000L); // half a second at 2/s: one token
        assertThat(limiter.tryAcquire("a")).isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.tryAcquire("a")).isEqualTo(Verdict.PEER_LIMITED);
    }

    @Test
    void globalBucketLimitsAllPeersTogether() {
        RequestLimiter limiter = new RequestLimiter(100, 100, 1, 2, nanos::get);
        assertThat(limiter.tryAcquire("a")).isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.tryAcquire("b")).isEqualTo(Verdict.ALLOWED);
        assertThat(limiter.tryAcquire("c")).isEqualTo(Verdict.GLOBAL_LIMITED);
        nanos.addAndGet(1_000_000_000L);
        assertThat(limiter.tryAcquire("c")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void aLimitedPeerDoesNotSpendGlobalTokens() {
        RequestLimiter limiter = new RequestLimiter(1, 1, 1, 2, nanos::get);
        assertThat(limiter.tryAcquire("flood")).isEqualTo(Verdict.ALLOWED);
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.tryAcquire("flood")).isEqualTo(Verdict.PEER_LIMITED);
        }
        assertThat(limiter.tryAcquire("quiet")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void zeroRatesTurnLimitsOff() {
        RequestLimiter limiter = new RequestLimiter(0, 1, 0, 1, nanos::get);
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        }
        assertThat(limiter.trackedPeers()).isZero();
    }

    @Test
    void remembersABoundedNumberOfPeers() {
        RequestLimiter limiter = new RequestLimiter(1, 1, 0, 1, nanos::get);
        for (int i = 0; i < RequestLimiter.MAX_PEERS + 10; i++) {
            limiter.tryAcquire("peer-" + i);
        }
        assertThat(limiter.trackedPeers()).isEqualTo(RequestLimiter.MAX_PEERS);
    }

    @Test
    void rejectsBadRates() {
        assertThatThrownBy(() -> new RequestLimiter(-1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestLimiter(1, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestLimiter(0, 1, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
