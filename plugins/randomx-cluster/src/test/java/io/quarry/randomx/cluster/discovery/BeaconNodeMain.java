package io.quarry.randomx.cluster.discovery;

import io.quarry.randomx.cluster.ClusterRole;
import io.quarry.randomx.cluster.ClusterSecret;
import io.quarry.randomx.cluster.wire.NodeCapabilities;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * One cluster member's beacon and election layer alone, for {@link BroadcastDiscoveryNetnsTest}: it binds the
 * discovery port at the given address (as a node whose transport listens there does), with no configured peers,
 * ticks twice a second and prints {@code AGREED <master> <live peers>} once it has seen {@code expected} peers and
 * the same master for three ticks in a row. It keeps beaconing a little longer so the others can agree too, then
 * exits 0; without agreement within the time given it prints {@code NO AGREEMENT} and exits 1.
 * Arguments: secret-hex node-id bind-address port expected-peers seconds.
 */
public final class BeaconNodeMain {

    private static final Duration TICK = Duration.ofMillis(500);

    private BeaconNodeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClusterSecret secret = ClusterSecret.ofHex(args[0]);
        String nodeId = args[1];
        InetSocketAddress bind = new InetSocketAddress(args[2], Integer.parseInt(args[3]));
        int expected = Integer.parseInt(args[4]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[5])).toNanos();
        InstantSource clock = InstantSource.system();
        Election election = new Election(nodeId, ClusterRole.AUTO, clock);
        NodeCapabilities caps = new NodeCapabilities(1, 1, 512, false, false, 0);
        try (Discovery discovery = new Discovery(new BeaconCodec(secret), election,
                counter -> new Beacon(nodeId, ClusterRole.AUTO, "", 1, caps, false, counter, false), List.of(),
                clock.millis() * 1000)) {
            discovery.start(bind);
            Optional<String> last = Optional.empty();
            int stable = 0;
            long agreedAt = 0;
            while (System.nanoTime() < deadline) {
                discovery.tick();
                Optional<String> master = election.master();
                int live = election.live().size();
                stable = master.isPresent() && master.equals(last) && live == expected ? stable + 1 : 0;
                last = master;
                if (stable == 3 && agreedAt == 0) {
                    System.out.println("AGREED " + master.get() + " " + live);
                    System.out.flush();
                    agreedAt = System.nanoTime();
                }
                if (agreedAt != 0 && System.nanoTime() - agreedAt > Duration.ofSeconds(5).toNanos()) {
                    return;
                }
                Thread.sleep(TICK.toMillis());
            }
            if (agreedAt == 0) {
                System.out.println("NO AGREEMENT master " + last.orElse("none") + ", live " + election.live().size()
                        + ", accepted " + discovery.accepted());
                System.exit(1);
            }
        }
    }
}
