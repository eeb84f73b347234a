package io.quarry.subnet.epistula;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    @Test
    void remembersUntilExpiryThenForgets() {
        ReplayGuard guard = new ReplayGuard(10);
        assertThat(guard.remember("a", 2000, 1000)).isEqualTo(ReplayGuard.Outcome.REMEMBERED);
        assertThat(guard.remember("a", 2000, 1500)).isEqualTo(ReplayGuard.Outcome.REPLAYED);
        assertThat(guard.seen("a", 1999)).isTrue();
        assertThat(guard.seen("a", 2000)).isFalse();
        assertThat(guard.remember("b", 5000, 2500)).isEqualTo(ReplayGuard.Outcome.REMEMBERED);
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void refusesNewKeysWhenFullOfLiveOnesRatherThanForgetThem() {
        ReplayGuard guard = new ReplayGuard(2);
        guard.remember("a", 10_000, 0);
        guard.remember("b", 10_000, 0);
        assertThat(guard.remember("c", 10_000, 1)).isEqualTo(ReplayGuard.Outcome.FULL);
        assertThat(guard.seen("a", 1)).isTrue();
        assertThat(guard.remember("c", 20_000, 10_000)).isEqualTo(ReplayGuard.Outcome.REMEMBERED);
    }
}
