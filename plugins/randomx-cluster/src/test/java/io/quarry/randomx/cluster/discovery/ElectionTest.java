package io.quarry.randomx.cluster.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import io.quarry.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The election rule, driven by beacons and an injected clock. */
class ElectionTest {

    static final String A = "1".repeat(64);
    static final String B = "2".repeat(64);
    static final String C = "3".repeat(64);
    static final InetSocketAddress SOURCE = new InetSocketAddress("127.0.0.1", 10000);
    static final NodeCapabilities CAPS = new NodeCapabilities(1, 1, 1, false, false, 0);

    private final MutableClock clock = new MutableClock(0);

    private static Beacon beacon(String id, ClusterRole role, long counter) {
        return new Beacon(id, role, "", 7070, CAPS, false, counter);
    }

    @Test
    void theSmallestLiveIdThatMayLeadIsMaster() {
        Election election = new Election(B, ClusterRole.AUTO, clock);
        assertThat(election.evaluate()).contains(B);
        election.observe(beacon(C, ClusterRole.AUTO, 1), SOURCE);
        assertThat(election.evaluate()).contains(B);
        election.observe(beacon(A, ClusterRole.WORKER, 1), SOURCE);
        assertThat(election.evaluate()).as("a worker never leads").contains(B);
        election.observe(beacon(A, ClusterRole.AUTO, 2), SOURCE);
        assertThat(election.evaluate()).contains(A);
        assertThat(election.selfIsMaster()).isFalse();
        assertThat(election.elections()).isEqualTo(2);
    }

    @Test
    void aConfiguredMasterLeadsAndAWorkerFollowsIt() {
        Election worker = new Election(A, ClusterRole.WORKER, clock);
        assertThat(worker.evaluate()).isEmpty();
        worker.observe(beacon(B, ClusterRole.AUTO, 1), SOURCE);
        worker.observe(beacon(C, ClusterRole.MASTER, 1), SOURCE);
        assertThat(worker.evaluate()).contains(C);
    }

    @Test
    void allAgreeOnANewMasterWithinTenSecondsOfTheMasterGoingSilent() {
        List<Optional<String>> changes = new ArrayList<>();
        Election election = new Election(C, ClusterRole.AUTO, clock);
        election.onMasterChange(changes::add);
        election.observe(beacon(A, ClusterRole.AUTO, 1), SOURCE);
        election.observe(beacon(B, ClusterRole.AUTO, 1), SOURCE);
        assertThat(election.evaluate()).contains(A);
        long counter = 1;
        Duration waited = Duration.ZERO;
        // A goes silent; B keeps beaconing every second; C evaluates every second.
        while (election.master().filter(A::equals).isPresent()) {
            clock.advance(Duration.ofSeconds(1));
            waited = waited.plusSeconds(1);
            election.observe(beacon(B, ClusterRole.AUTO, ++counter), SOURCE);
            election.evaluate();
        }
        assertThat(election.master()).contains(B);
        assertThat(waited).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(changes).containsExactly(Optional.of(A), Optional.of(B));
        // A restarts: its counter starts at its new start time, above anything it sent before.
        election.observe(beacon(A, ClusterRole.AUTO, 1_000_000), SOURCE);
        assertThat(election.evaluate()).contains(A);
    }

    @Test
    void replayedBeaconsAreRefusedAndCannotKeepADeadNodeAlive() {
        Election election = new Election(C, ClusterRole.AUTO, clock);
        Beacon first = beacon(A, ClusterRole.AUTO, 5);
        election.observe(first, SOURCE);
        assertThatThrownBy(() -> election.observe(first, SOURCE))
                .isInstanceOfSatisfying(BeaconException.class, e -> assertThat(e.reason()).isEqualTo(BeaconException.Reason.REPLAYED));
        assertThatThrownBy(() -> election.observe(beacon(A, ClusterRole.AUTO, 4), SOURCE)).isInstanceOf(BeaconException.class);
        clock.advance(Election.LIVE.plusSeconds(1));
        assertThat(election.evaluate()).contains(C);
        assertThatThrownBy(() -> election.observe(first, SOURCE)).as("still remembered after it went silent")
                .isInstanceOf(BeaconException.class);
        assertThat(election.evaluate()).contains(C);
    }
}
