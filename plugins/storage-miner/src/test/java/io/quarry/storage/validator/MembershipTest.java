package io.quarry.storage.validator;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.storage.TestKeys;
import io.quarry.storage.auth.CommandSignatures;
import io.quarry.storage.placement.CrushPlacement;
import io.quarry.storage.wire.ValidatorControl;
import io.quarry.storage.wire.ValidatorReply;
import io.quarry.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MembershipTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z").toEpochMilli());
    final Membership membership = new Membership(clock, 64, 2, 1, Set.of());

    ValidatorControl.Register register(TestKeys miner, String family, long timestamp) {
        return new ValidatorControl.Register(family, 0, 0, "127.0.0.1", 7000, timestamp,
                miner.sign(CommandSignatures.register(miner.nodeId(), timestamp)));
    }

    ValidatorControl.Heartbeat heartbeat(TestKeys miner) {
        long now = clock.millis();
        return new ValidatorControl.Heartbeat(0, 0, 0, 0, now, miner.sign(CommandSignatures.heartbeat(miner.nodeId(), now)));
    }

    @Test
    void registersAndAdoptsANewEpochOncePlacementIsPossible() {
        List<CrushPlacement> pushed = new ArrayList<>();
        membership.onNewPlacement(pushed::add);
        TestKeys a = TestKeys.generate();
        TestKeys b = TestKeys.generate();
        TestKeys c = TestKeys.generate();
        assertThat(membership.register(a.nodeId(), register(a, "f1", clock.millis())))
                .isInstanceOfSatisfying(ValidatorReply.Registered.class, r -> assertThat(r.status()).isEqualTo("OK"));
        membership.register(b.nodeId(), register(b, "f2", clock.millis()));
        // Two families of one miner cannot hold 3 shards with at most 1 per family.
        assertThat(membership.epoch()).isZero();
        assertThat(membership.placementProblem()).contains("can hold only 2");
        membership.register(c.nodeId(), register(c, "f3", clock.millis()));
        assertThat(membership.epoch()).isOne();
        assertThat(pushed).hasSize(1);
        assertThat(membership.placementProblem()).isNull();
    }

    @Test
    void aColocatingValidatorAdoptsAMapOfOneMinerAndAStrictOneKeepsRefusingIt() {
        TestKeys a = TestKeys.generate();
        Membership colocating = new Membership(clock, 64, 2, 1, Set.of(), true);
        colocating.register(a.nodeId(), register(a, "f1", clock.millis()));
        assertThat(colocating.epoch()).isOne();
        assertThat(colocating.placement().orElseThrow().relaxed()).isTrue();
        assertThat(colocating.placement().orElseThrow().minersOf(0)).extracting(m -> m.nodeId())
                .containsExactly(a.nodeId(), a.nodeId(), a.nodeId());
        membership.register(a.nodeId(), register(a, "f1", clock.millis()));
        assertThat(membership.epoch()).isZero();
        assertThat(membership.placementProblem()).contains("can hold only 1");
    }

    @Test
    void heartbeatsReportRebalancingPassesAndARegistrationForgetsThem() {
        TestKeys a = TestKeys.generate();
        membership.register(a.nodeId(), register(a, "f1", clock.millis()));
        assertThat(membership.rebalanceReport(a.nodeId())).isEqualTo(RebalanceReport.NONE);
        long now = clock.millis();
        membership.heartbeat(a.nodeId(), new ValidatorControl.Heartbeat(0, 0, 0, 3, now,
                a.sign(CommandSignatures.heartbeat(a.nodeId(), now)), 3, now - 500, 0));
        RebalanceReport report = membership.rebalanceReport(a.nodeId());
        assertThat(report).isEqualTo(new RebalanceReport(3, now - 500, 0));
        assertThat(report.complete(3, now - 1000)).isTrue();
        assertThat(report.complete(3, now)).as("a file stored after the pass began").isFalse();
        assertThat(report.complete(4, 0)).as("a pass under an older map").isFalse();
        membership.register(a.nodeId(), register(a, "f1", clock.millis()));
        assertThat(membership.rebalanceReport(a.nodeId())).isEqualTo(RebalanceReport.NONE);
    }

    @Test
    void offlineAfterIsConfigurable() {
        TestKeys a = TestKeys.generate();
        membership.offlineAfter(java.time.Duration.ofSeconds(10));
        membership.register(a.nodeId(), register(a, "f1", clock.millis()));
        clock.advance(java.time.Duration.ofSeconds(10));
        assertThat(membership.isOnline(a.nodeId())).isTrue();
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(membership.isOnline(a.nodeId())).isFalse();
    }

    @Test
    void refusesForgedAndStaleRegistrations() {
        TestKeys miner = TestKeys.generate();
        TestKeys forger = TestKeys.generate();
        long now = clock.millis();
        ValidatorControl.Register forged = new ValidatorControl.Register("f1", 0, 0, "127.0.0.1", 7000, now,
                forger.sign(CommandSignatures.register(miner.nodeId(), now)));
        assertThat(membership.register(miner.nodeId(), forged)).isInstanceOfSatisfying(ValidatorReply.Refused.class,
                r -> assertThat(r.code()).isEqualTo("BAD_SIGNATURE"));
        long stale = now - Duration.ofMinutes(6).toMillis();
        assertThat(membership.register(miner.nodeId(), register(miner, "f1", stale)))
                .isInstanceOfSatisfying(ValidatorReply.Refused.class, r -> {
                    assertThat(r.code()).isEqualTo("STALE_TIMESTAMP");
                    assertThat(r.reason()).contains("at most 300 s");
                });
        long future = now + Duration.ofMinutes(4).toMillis();
        assertThat(membership.register(miner.nodeId(), register(miner, "f1", future)))
                .isInstanceOfSatisfying(ValidatorReply.Registered.class, r -> assertThat(r.status()).isEqualTo("OK"));
        // A registration signed for another node id does not pass for this one.
        assertThat(membership.register(forger.nodeId(), register(miner, "f1", now)))
                .isInstanceOf(ValidatorReply.Refused.class);
    }

    @Test
    void rateLimitsRepeatedRegistrationsAndRejectsBadFamilies() {
        TestKeys miner = TestKeys.generate();
        for (int i = 0; i < Membership.MAX_REGISTRATIONS; i++) {
            assertThat(((ValidatorReply.Registered) membership.register(miner.nodeId(), register(miner, "f1", clock.millis())))
                    .status()).isEqualTo("OK");
        }
        assertThat(membership.register(miner.nodeId(), register(miner, "f1", clock.millis())))
                .isInstanceOfSatisfying(ValidatorReply.Registered.class, r -> assertThat(r.status()).isEqualTo("RATE_LIMITED"));
        clock.advance(Membership.RATE_WINDOW.plusSeconds(1));
        assertThat(((ValidatorReply.Registered) membership.register(miner.nodeId(), register(miner, "f1", clock.millis())))
                .status()).isEqualTo("OK");

        TestKeys other = TestKeys.generate();
        assertThat(membership.register(other.nodeId(), register(other, "bad family!", clock.millis())))
                .isInstanceOfSatisfying(ValidatorReply.Registered.class, r -> {
                    assertThat(r.status()).isEqualTo("FAMILY_REJECTED");
                    assertThat(r.reason()).contains("malformed");
                });
        Membership strict = new Membership(clock, 64, 2, 1, Set.of("rack-a"));
        assertThat(strict.register(other.nodeId(), register(other, "rack-b", clock.millis())))
                .isInstanceOfSatisfying(ValidatorReply.Registered.class, r -> assertThat(r.status()).isEqualTo("FAMILY_REJECTED"));
    }

    @Test
    void silentMinersGoOfflineAfterTwoMinutesAndUnknownOnesAreToldSo() {
        TestKeys a = TestKeys.generate();
        TestKeys b = TestKeys.generate();
        TestKeys c = TestKeys.generate();
        for (var entry : List.of(List.of(a, "f1"), List.of(b, "f2"), List.of(c, "f3"))) {
            TestKeys keys = (TestKeys) entry.get(0);
            membership.register(keys.nodeId(), register(keys, (String) entry.get(1), clock.millis()));
        }
        assertThat(membership.epoch()).isOne();
        clock.advance(Duration.ofSeconds(90));
        membership.heartbeat(a.nodeId(), heartbeat(a));
        membership.heartbeat(b.nodeId(), heartbeat(b));
        clock.advance(Duration.ofSeconds(31));
        membership.tick();
        assertThat(membership.isOnline(a.nodeId())).isTrue();
        assertThat(membership.isOnline(c.nodeId())).isFalse();
        // Without c the map is impossible: the old epoch stays in force, and the problem is reported.
        assertThat(membership.epoch()).isOne();
        assertThat(membership.placementProblem()).contains("can hold only 2");
        // c comes back: the online set equals the adopted map's again.
        assertThat(membership.heartbeat(c.nodeId(), heartbeat(c)))
                .isInstanceOfSatisfying(ValidatorReply.HeartbeatAck.class, r -> assertThat(r.status()).isEqualTo("OK"));

        TestKeys stranger = TestKeys.generate();
        assertThat(membership.heartbeat(stranger.nodeId(), heartbeat(stranger)))
                .isInstanceOfSatisfying(ValidatorReply.HeartbeatAck.class, r -> assertThat(r.status()).isEqualTo("UNKNOWN"));
    }
    @Test
    void minersOfflineForADayAreForgottenAndRegistrationCountsDoNotPileUp() {
        TestKeys gone = TestKeys.generate();
        TestKeys staying = TestKeys.generate();
        membership.register(gone.nodeId(), register(gone, "f1", clock.millis()));
        membership.register(staying.nodeId(), register(staying, "f2", clock.millis()));
        assertThat(membership.rateLimited()).isEqualTo(2);
        clock.advance(Membership.RATE_WINDOW.plusSeconds(1));
        membership.tick();
        // Registration counts with nothing left in their window are dropped.
        assertThat(membership.rateLimited()).isZero();
        for (int hour = 0; hour < 24; hour++) {
            clock.advance(Duration.ofHours(1));
            membership.heartbeat(staying.nodeId(), heartbeat(staying));
            membership.tick();
        }
        assertThat(Membership.FORGET_AFTER).isEqualTo(Duration.ofHours(24));
        assertThat(membership.miners()).extracting(MinerRecord::nodeId).containsExactly(staying.nodeId());
        // A forgotten miner is unknown, and may register again.
        assertThat(membership.heartbeat(gone.nodeId(), heartbeat(gone)))
                .isInstanceOfSatisfying(ValidatorReply.HeartbeatAck.class, r -> assertThat(r.status()).isEqualTo("UNKNOWN"));
        assertThat(membership.register(gone.nodeId(), register(gone, "f1", clock.millis())))
                .isInstanceOfSatisfying(ValidatorReply.Registered.class, r -> assertThat(r.status()).isEqualTo("OK"));
    }

    @Test
    void registeredMinersAreCappedWithAClearRefusal() {
        Membership small = new Membership(clock, 64, 2, 1, Set.of(), 3);
        List<TestKeys> miners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestKeys keys = TestKeys.generate();
            miners.add(keys);
            assertThat(((ValidatorReply.Registered) small.register(keys.nodeId(), register(keys, "f" + i, clock.millis())))
                    .status()).isEqualTo("OK");
        }
        TestKeys fourth = TestKeys.generate();
        assertThat(small.register(fourth.nodeId(), register(fourth, "f4", clock.millis())))
                .isInstanceOfSatisfying(ValidatorReply.Registered.class, r -> {
                    assertThat(r.status()).isEqualTo("RATE_LIMITED");
                    assertThat(r.reason()).contains("already keeps 3 miners");
                });
        assertThat(small.miners()).hasSize(3);
        // A known miner may still register again.
        assertThat(((ValidatorReply.Registered) small.register(miners.getFirst().nodeId(),
                register(miners.getFirst(), "f0", clock.millis()))).status()).isEqualTo("OK");
        assertThat(Membership.MAX_MINERS).isEqualTo(10_000);
    }
}
