package io.quarry.randomx.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HashrateWindowTest {

    final AtomicLong now = new AtomicLong();
    final HashrateWindow window = new HashrateWindow(now::get);

    @Test
    void steadyRateReadsTheSameInEveryWindowShorterThanTheRun() {
        recordEverySecond(0, 20, 100); // 100 H/s for 20 s
        now.set(20_000);
        assertThat(window.tenSeconds()).isCloseTo(100.0, within(1e-9)); // seconds 11..19 over 9 s
        assertThat(window.oneMinute()).isCloseTo(100.0, within(1e-9)); // all 20 s: the run is shorter than the window
        assertThat(window.fifteenMinutes()).isCloseTo(100.0, within(1e-9));
        assertThat(window.total()).isEqualTo(2000);
    }

    @Test
    void windowsForgetWhatIsOlderThanThem() {
        recordEverySecond(0, 20, 100);
        now.set(30_000);
        assertThat(window.tenSeconds()).isZero();
        assertThat(window.oneMinute()).isCloseTo(2000 * 1000.0 / 30_000, within(1e-9));
    }

    @Test
    void partialCurrentSecondCountsWithTheTimeItCovers() {
        now.set(5_000);
        window.record(10);
        now.set(5_500);
        window.record(10);
        // Seconds -4..5 of the 10 s window, but counting began at 0: 20 hashes in 5.5 s.
        assertThat(window.tenSeconds()).isCloseTo(20 * 1000.0 / 5_500, within(1e-9));
    }

    @Test
    void ringReusesBucketsAfterFifteenMinutes() {
        window.record(50); // second 0
        now.set(900_000); // second 900 falls in bucket 0 again
        window.record(7);
        now.set(900_500);
        assertThat(window.fifteenMinutes()).isCloseTo(7 * 1000.0 / (900_500 - 1_000), within(1e-9));
        assertThat(window.total()).isEqualTo(57);
    }

    @Test
    void rejectsWindowsItDoesNotKeep() {
        assertThatThrownBy(() -> window.rate(Duration.ofMinutes(16))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> window.rate(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(window.tenSeconds()).isZero();
    }

    private void recordEverySecond(int fromSecond, int toSecond, long hashes) {
        for (int s = fromSecond; s < toSecond; s++) {
            now.set(s * 1000L);
            window.record(hashes);
        }
    }
}
