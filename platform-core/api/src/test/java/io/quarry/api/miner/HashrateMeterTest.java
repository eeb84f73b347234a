package io.quarry.api.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HashrateMeterTest {

    @Test
    void averagesEachWindow() {
        MutableClock clock = new MutableClock(1_000_000);
        HashrateMeter windows = new HashrateMeter(clock);
        for (int second = 0; second < 120; second++) {
            windows.record(second < 60 ? 500 : 1000);
            clock.advance(Duration.ofSeconds(1));
        }
        MinerStats.Hashrate rates = windows.rates();
        // The current second is still empty: the last ten hold 9 full seconds of 1000 and this one.
        assertThat(rates.tenSeconds()).isCloseTo(900, within(1.0));
        assertThat(rates.sixtySeconds()).isCloseTo(59_000 / 60.0, within(1.0));
        assertThat(rates.fifteenMinutes()).isCloseTo((60 * 500 + 60 * 1000) / 121.0, within(1.0));
    }

    @Test
    void forgetsWorkOlderThanTheWindow() {
        MutableClock clock = new MutableClock(0);
        HashrateMeter windows = new HashrateMeter(clock);
        windows.record(10_000);
        clock.advance(Duration.ofMinutes(20));
        assertThat(windows.rates()).isEqualTo(MinerStats.Hashrate.ZERO);
        assertThat(windows.total()).isEqualTo(10_000);
    }
}
