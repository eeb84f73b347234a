package io.quarry.poies.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShareTargetsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ShareTargets targets = new ShareTargets(1.0, nanos::get);

    @Test
    void newPeersStartFromAnAssumedRateAndTheLocalDeviceFromItsOwn() {
        assertThat(targets.targetMicro("peer")).isEqualTo(Math.round(Math.log(100_000) * 1e6));
        targets.seed("local", 1_000_000);
        assertThat(targets.targetMicro("local")).isEqualTo(Math.round(Math.log(1_000_000) * 1e6));
        assertThat(new ShareTargets(1_000_000, nanos::get).targetMicro("slow")).isEqualTo(ShareTargets.MIN_TARGET_MICRO);
    }

    @Test
    void tooManySharesRaiseTheTargetByAtMostAFactorOfFourInRate() {
        long start = targets.targetMicro("busy");
        for (int i = 0; i < 100; i++) {
            targets.shareAccepted("busy");
        }
        nanos.addAndGet(10_000_000_000L); // 100 shares in 10 s: 10 a second, 10 times the wanted rate
        long raised = targets.shareAccepted("busy");
        assertThat(raised - start).isEqualTo(ShareTargets.MAX_STEP_MICRO);
    }

    @Test
    void aSmallExcessMovesTheTargetByTheLogOfTheRatio() {
        long start = targets.targetMicro("p");
        for (int i = 0; i < 19; i++) {
            targets.shareAccepted("p");
        }
        nanos.addAndGet(10_000_000_000L);
        long next = targets.shareAccepted("p"); // 20 shares in 10 s: twice the wanted rate
        assertThat(next - start).isEqualTo(Math.round(Math.log(2) * 1e6));
    }

    @Test
    void silenceLowersTheTargetButNeverBelowTheFloor() {
        long start = targets.targetMicro("quiet");
        nanos.addAndGet(ShareTargets.MAX_WINDOW_NANOS);
        long lowered = targets.targetMicro("quiet");
        assertThat(lowered).isLessThan(start);
        for (int i = 0; i < 50; i++) {
            nanos.addAndGet(ShareTargets.MAX_WINDOW_NANOS);
            lowered = targets.targetMicro("quiet");
        }
        assertThat(lowered).isEqualTo(ShareTargets.MIN_TARGET_MICRO);
    }

    @Test
    void aShareMeetingThePreviousTargetIsAdmittedForAShortGraceAfterARaise() {
        long start = targets.targetMicro("r");
        for (int i = 0; i < 20; i++) {
            targets.shareAccepted("r");
        }
        nanos.addAndGet(10_000_000_000L);
        long raised = targets.shareAccepted("r"); // twice the wanted rate: raised
        assertThat(raised).isGreaterThan(start);
        assertThat(targets.targetMicro("r")).isEqualTo(raised); // what miners are told
        assertThat(targets.admissionTargetMicro("r")).isEqualTo(start); // what a share in flight must meet

        nanos.addAndGet(ShareTargets.GRACE_NANOS - 1);
        assertThat(targets.admissionTargetMicro("r")).isEqualTo(start);
        nanos.addAndGet(1);
        assertThat(targets.admissionTargetMicro("r")).isEqualTo(raised);
    }

    @Test
    void aLoweredTargetAppliesAtOnceAndTheGraceIsShorterThanAWindow() {
        long start = targets.targetMicro("l");
        nanos.addAndGet(ShareTargets.MAX_WINDOW_NANOS);
        long lowered = targets.admissionTargetMicro("l");
        assertThat(lowered).isLessThan(start).isEqualTo(targets.targetMicro("l"));
        // Targets move at most once a window, so the grace only ever spans the one previous target.
        assertThat(ShareTargets.GRACE_NANOS).isLessThan(ShareTargets.MIN_WINDOW_NANOS);
    }

    @Test
    void aWindowWaitsForEnoughSharesOrTime() {
        long start = targets.targetMicro("w");
        for (int i = 0; i < ShareTargets.WINDOW_SHARES - 1; i++) {
            targets.shareAccepted("w");
        }
        nanos.addAndGet(ShareTargets.MIN_WINDOW_NANOS);
        assertThat(targets.targetMicro("w")).isEqualTo(start);
    }
}
