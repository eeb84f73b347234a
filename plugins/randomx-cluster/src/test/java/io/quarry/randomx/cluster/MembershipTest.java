package io.quarry.randomx.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.cluster.wire.ClusterProtocols;
import io.quarry.randomx.cluster.wire.Heartbeat;
import io.quarry.randomx.cluster.wire.Hello;
import io.quarry.randomx.cluster.wire.HelloChallenge;
import io.quarry.randomx.cluster.wire.JoinProof;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.testing.HostileInput;
import io.quarry.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The master's membership: the HELLO handshake bound to the secret, expiry and the bad-result limit. */
class MembershipTest {

    static final String MASTER = "a".repeat(64);
    static final String WORKER = "b".repeat(64);
    static final NodeCapabilities CAPS = new NodeCapabilities(4, 2, 4096, false, true, 100);

    private final ClusterSecret secret = ClusterSecret.ofHex("11".repeat(32));
    private final MutableClock clock = new MutableClock(1_000_000);
    private final Membership membership = new Membership(MASTER, secret, clock, Duration.ofSeconds(1), 3);

    private static byte[] nonce(int fill) {
        byte[] nonce = new byte[32];
        java.util.Arrays.fill(nonce, (byte) fill);
        return nonce;
    }

    /** What a worker holding {@code key} does: HELLO, check the master's tag, send its own. */
    private boolean join(String workerId, ClusterSecret key) {
        byte[] mine = nonce(7);
        HelloChallenge challenge = membership.hello(workerId, new Hello(ClusterProtocols.VERSION, workerId, mine, "worker", CAPS));
        assertThat(challenge.masterId()).isEqualTo(MASTER);
        boolean masterProved = java.util.Arrays.equals(challenge.mac(),
                HandshakeTags.master(key, MASTER, workerId, mine, challenge.nonce()));
        membership.join(workerId, new JoinProof(challenge.nonce(),
                HandshakeTags.member(key, workerId, MASTER, challenge.nonce(), mine)));
        return masterProved;
    }

    @Test
    void aNodeWithTheSecretJoinsAndTheMasterProvesItToo() {
        List<String> changes = new ArrayList<>();
        membership.onChange(changes::add);
        assertThat(join(WORKER, secret)).as("the master's tag verifies under the shared secret").isTrue();
        assertThat(membership.isMember(WORKER)).isTrue();
        assertThat(membership.members()).singleElement().satisfies(m -> {
            assertThat(m.capabilities()).isEqualTo(CAPS);
            assertThat(m.hashrate()).isEqualTo(100);
        });
        assertThat(changes).containsExactly(WORKER);
    }

    @Test
    void aNodeWithoutTheSecretGetsNoMembership() {
        ClusterSecret other = ClusterSecret.ofHex("22".repeat(32));
        assertThatThrownBy(() -> join(WORKER, other)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("does not hold this cluster's secret");
        assertThat(membership.isMember(WORKER)).isFalse();
        assertThat(membership.refused()).isEqualTo(1);
        assertThatThrownBy(() -> membership.heartbeat(WORKER, new Heartbeat(1, 1, 1)))
                .hasMessageContaining("is not a member");
    }

    @Test
    void refusesAHelloForAnotherIdAJoinWithoutHelloAndAReplayedProof() {
        assertThatThrownBy(() -> membership.hello(WORKER, new Hello(1, "c".repeat(64), nonce(1), "worker", CAPS)))
                .hasMessageContaining("but the transport authenticated");
        assertThatThrownBy(() -> membership.hello(WORKER, new Hello(2, WORKER, nonce(1), "worker", CAPS)))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> membership.join(WORKER, new JoinProof(nonce(1), nonce(2))))
                .hasMessageContaining("without a matching HELLO");
        byte[] mine = nonce(3);
        HelloChallenge challenge = membership.hello(WORKER, new Hello(1, WORKER, mine, "worker", CAPS));
        JoinProof proof = new JoinProof(challenge.nonce(), HandshakeTags.member(secret, WORKER, MASTER, challenge.nonce(), mine));
        membership.join(WORKER, proof);
        membership.remove(WORKER);
        assertThatThrownBy(() -> membership.join(WORKER, proof)).as("a proof answers one challenge only")
                .hasMessageContaining("without a matching HELLO");
        // Another node replaying the worker's proof gets nowhere either: the tag names the worker's id.
        membership.hello("c".repeat(64), new Hello(1, "c".repeat(64), mine, "worker", CAPS));
        assertThatThrownBy(() -> membership.join("c".repeat(64), proof)).isInstanceOf(ClusterException.class);
        assertThat(membership.size()).isZero();
    }

    @Test
    void anUnansweredChallengeExpires() {
        byte[] mine = nonce(3);
        HelloChallenge challenge = membership.hello(WORKER, new Hello(1, WORKER, mine, "worker", CAPS));
        clock.advance(Membership.PENDING_TTL.plusSeconds(1));
        assertThatThrownBy(() -> membership.join(WORKER, new JoinProof(challenge.nonce(),
                HandshakeTags.member(secret, WORKER, MASTER, challenge.nonce(), mine))))
                .hasMessageContaining("without a matching HELLO");
    }

    @Test
    void silentMembersAreDroppedAfterThreeHeartbeatPeriods() {
        join(WORKER, secret);
        clock.advance(Duration.ofMillis(2500));
        membership.heartbeat(WORKER, new Heartbeat(1, 100, 10));
        clock.advance(Duration.ofMillis(2500));
        assertThat(membership.expire()).isEmpty();
        clock.advance(Duration.ofMillis(600));
        assertThat(membership.expire()).containsExactly(WORKER);
        assertThat(membership.isMember(WORKER)).isFalse();
    }

    @Test
    void aMemberIsDroppedAtMaxBadResults() {
        join(WORKER, secret);
        assertThat(membership.badResult(WORKER)).isFalse();
        assertThat(membership.badResult(WORKER)).isFalse();
        assertThat(membership.members().getFirst().badResults()).isEqualTo(2);
        assertThat(membership.badResult(WORKER)).isTrue();
        assertThat(membership.isMember(WORKER)).isFalse();
        assertThat(membership.badResults()).isEqualTo(3);
    }

    @Test
    void aMemberDroppedAtMaxBadResultsCannotRejoinUntilTheBanRunsOut() {
        join(WORKER, secret);
        membership.badResult(WORKER);
        membership.badResult(WORKER);
        assertThat(membership.badResult(WORKER)).isTrue();
        assertThatThrownBy(() -> join(WORKER, secret)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("was dropped for sending 3 results that do not verify");
        assertThat(membership.isMember(WORKER)).isFalse();
        clock.advance(Membership.DROP_BAN.minusSeconds(1));
        assertThatThrownBy(() -> join(WORKER, secret)).hasMessageContaining("may not rejoin before");
        assertThat(membership.refusedDropped()).isEqualTo(2);
        assertThat(membership.refused()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        join(WORKER, secret);
        assertThat(membership.isMember(WORKER)).isTrue();
    }

    @Test
    void aMemberThatRejoinsKeepsItsBadResultCount() {
        join(WORKER, secret);
        membership.badResult(WORKER);
        membership.badResult(WORKER);
        join(WORKER, secret);
        assertThat(membership.members().getFirst().badResults()).isEqualTo(2);
        assertThat(membership.badResult(WORKER)).as("the third strike still counts after a rejoin").isTrue();
    }

    @Test
    void heartbeatsReportRateChangesOfMoreThanTwentyPercent() {
        join(WORKER, secret);
        membership.sized(WORKER);
        assertThat(membership.heartbeat(WORKER, new Heartbeat(1, 119, 1))).isFalse();
        assertThat(membership.heartbeat(WORKER, new Heartbeat(2, 121, 2))).isTrue();
        membership.sized(WORKER);
        assertThat(membership.heartbeat(WORKER, new Heartbeat(3, 100, 3))).isFalse();
        assertThat(membership.heartbeat(WORKER, new Heartbeat(4, 96, 3))).isTrue();
    }

    @Test
    void hostileHandshakeMessagesNeverMakeAMember() {
        for (int i = 0; i < HostileInput.cases(300); i++) {
            HostileInput in = HostileInput.forCase(i);
            try {
                byte[] n = in.noise(40);
                Hello hello = new Hello(in.nextInt(3), in.oneOf(WORKER, in.text(70)), n, in.text(20), CAPS);
                membership.hello(WORKER, hello);
                membership.join(WORKER, new JoinProof(in.oneOf(in.noise(40), nonce(0)), in.noise(40)));
            } catch (IllegalArgumentException | ClusterException expected) {
                // refused as malformed or as not proving the secret
            }
            assertThat(membership.isMember(WORKER)).as("case %d", i).isFalse();
        }
    }
}
