package io.quarry.storage.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimiterTest {

    @Test
    void admitsAtMostMaxAndCountsRefusals() {
        Limiter limiter = new Limiter("fetch_concurrency", 2);
        Optional<Limiter.Permit> a = limiter.tryAcquire(Duration.ZERO);
        Optional<Limiter.Permit> b = limiter.tryAcquire(Duration.ZERO);
        assertThat(a).isPresent();
        assertThat(b).isPresent();
        assertThat(limiter.tryAcquire(Duration.ZERO)).isEmpty();
        assertThat(limiter.rejected()).isOne();
        assertThat(limiter.inUse()).isEqualTo(2);
        a.get().close();
        a.get().close();
        assertThat(limiter.inUse()).isOne();
        assertThat(limiter.tryAcquire(Duration.ZERO)).isPresent();
        assertThat(limiter.tryAcquire(Duration.ZERO)).isEmpty();
    }

    @Test
    void refusesANonPositiveLimitNamingIt() {
        assertThatThrownBy(() -> new Limiter("pos_concurrency", 0)).hasMessageContaining("pos_concurrency");
    }
}
