package io.quarry.poies.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.consensus.Score;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThetaRetargetTest {

    private final ThetaRetarget rule = ThetaRetarget.forBlockTime(10);

    @Test
    void onTimeLeavesThetaAlone() {
        assertThat(rule.next(16_000_000, 10)).isEqualTo(16_000_000);
    }

    @Test
    void fastBlocksRaiseAndSlowOnesLowerInProportion() {
        assertThat(rule.next(16_000_000, 0)).isEqualTo(16_125_000); // + 1/8 nat
        assertThat(rule.next(16_000_000, 5)).isEqualTo(16_062_500);
        assertThat(rule.next(16_000_000, 20)).isEqualTo(15_875_000);
        assertThat(rule.next(16_000_000, 13)).isEqualTo(15_962_500);
        assertThat(rule.next(16_000_000, 7)).isEqualTo(16_037_500);
    }

    @Test
    void stepsAndThetaAreBounded() {
        assertThat(rule.next(16_000_000, 3600)).isEqualTo(15_500_000); // at most half a nat down
        assertThat(rule.next(16_000_000, Long.MAX_VALUE)).isEqualTo(15_500_000);
        assertThat(rule.next(16_000_000, -50)).as("clock skew counts as 0").isEqualTo(16_125_000);
        assertThat(rule.next(1_200_000, 3600)).isEqualTo(1_000_000);
        assertThat(rule.next(999_950_000, 0)).isEqualTo(1_000_000_000);
        assertThat(rule.next(Long.MAX_VALUE, 0)).isEqualTo(1_000_000_000);
        ThetaRetarget wide = new ThetaRetarget(10, 1, 2_000_000, 1, Long.MAX_VALUE);
        assertThat(wide.next(Long.MAX_VALUE - 10, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void roundsTowardZero() {
        ThetaRetarget seven = ThetaRetarget.forBlockTime(7);
        assertThat(seven.next(10_000_000, 6)).isEqualTo(10_017_857); // 1e6 / 56 = 17857.14
        assertThat(seven.next(10_000_000, 8)).isEqualTo(9_982_143);
    }

    @Test
    void settlesOnTheBlockTimeUnderExponentialIntervals() {
        // a miner at 2 MH/s; intervals drawn from the exponential law, in whole seconds like template times
        Random random = new Random(42);
        double hashrate = 2e6;
        long theta = GenesisTheta.thetaMicro(2e5, 10); // start ten times too easy
        double carry = 0; // sub-second remainder, so whole-second times add up to real time
        long total = 0;
        int blocks = 0;
        for (int i = 0; i < 40_000; i++) {
            double expectedSecs = Math.exp(theta / 1e6) / hashrate;
            double interval = -Math.log(1 - random.nextDouble()) * expectedSecs + carry;
            long whole = (long) interval;
            carry = interval - whole;
            theta = rule.next(theta, whole);
            if (i >= 2_000) {
                total += whole;
                blocks++;
            }
        }
        double mean = (double) total / blocks;
        assertThat(mean).isBetween(9.7, 10.3);
        assertThat(theta / 1e6).isBetween(Math.log(2e7) - 0.5, Math.log(2e7) + 0.5);
    }

    @Test
    void refusesNonsenseParameters() {
        assertThatThrownBy(() -> new ThetaRetarget(0, 8, 1, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThetaRetarget(10, 0, 1, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThetaRetarget(10, 8, 1, 3, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void genesisSealsEveryBlockTimeAtTheReferenceRate() {
        // ln(10^6 * 10) = 16.11809565...
        assertThat(GenesisTheta.devThetaMicro(10)).isEqualTo(16_118_096);
        assertThat(GenesisTheta.thetaMicro(1, 1)).isEqualTo(1_000_000);
        assertThat(Math.exp(GenesisTheta.devThetaMicro(30) / 1e6) / GenesisTheta.DEV_HASHES_PER_SECOND).isCloseTo(30,
                org.assertj.core.api.Assertions.within(0.001));
    }

    @Test
    void scoreAddsAndSaturates() {
        assertThat(Score.sMicro(5, 7)).isEqualTo(12);
        assertThat(Score.sMicro(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
        assertThat(Score.meets(10, 0, 10)).isTrue();
        assertThat(Score.meets(9, 0, 10)).isFalse();
        assertThat(Score.meets(4, 6, 10)).isTrue();
        assertThat(Score.psiSum(java.util.List.of(1L, 2L, 3L))).isEqualTo(6);
        assertThat(Score.neededHMicro(10, 3)).isEqualTo(7);
        assertThat(Score.neededHMicro(10, 30)).isZero();
        assertThatThrownBy(() -> Score.sMicro(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Score.meets(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
