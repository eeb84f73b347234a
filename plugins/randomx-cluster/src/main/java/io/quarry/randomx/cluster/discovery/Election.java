package io.quarry.randomx.cluster.discovery;

import io.quarry.randomx.cluster.ClusterRole;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Who is alive and who is master, from authenticated beacons. A node is live while its beacons keep arriving (at
 * most {@link #LIVE} apart); the master is the smallest node id among live nodes that may lead (role
 * {@code auto} or {@code master}; when a live node is configured {@code master}, only such nodes). Every member
 * applies the same rule to the same beacons, so with beacons every second all agree within {@code LIVE} plus one
 * beacon period of a change (under 10 s). Thread-safe.
 */
public final class Election {

    /** A node whose last beacon is older than this is gone. */
    public static final Duration LIVE = Duration.ofSeconds(4);
    /** Senders whose counters are remembered (replay protection), beyond the live ones. */
    static final int MAX_REMEMBERED = 4096;

    private final String selfId;
    private final ClusterRole selfRole;
    private final InstantSource clock;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private final Map<String, Long> counters = new LinkedHashMap<>();
    private final AtomicLong elections = new AtomicLong();
    private volatile Optional<String> master = Optional.empty();
    private volatile Consumer<Optional<String>> onMaster = m -> { };

    public Election(String selfId, ClusterRole selfRole, InstantSource clock) {
        this.selfId = Objects.requireNonNull(selfId, "selfId");
        this.selfRole = Objects.requireNonNull(selfRole, "selfRole");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Called with the new master whenever {@link #evaluate()} finds it changed. */
    public void onMasterChange(Consumer<Optional<String>> listener) {
        this.onMaster = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Takes a verified beacon; this node's own are ignored.
     *
     * @throws BeaconException REPLAYED when its counter is not above the last one from that node
     */
    public void observe(Beacon beacon, InetSocketAddress source) {
        if (beacon.nodeId().equals(selfId)) {
            return;
        }
        synchronized (this) {
            Long last = counters.get(beacon.nodeId());
            if (last != null && beacon.counter() <= last) {
                throw new BeaconException(BeaconException.Reason.REPLAYED, "beacon counter " + beacon.counter()
                        + " of node " + beacon.nodeId().substring(0, 12) + " is not above " + last);
            }
            counters.remove(beacon.nodeId());
            counters.put(beacon.nodeId(), beacon.counter());
            if (counters.size() > MAX_REMEMBERED) {
                counters.keySet().stream().filter(id -> !peers.containsKey(id)).findFirst().ifPresent(counters::remove);
            }
            peers.put(beacon.nodeId(), new Peer(beacon, source, clock.instant()));
        }
    }

    /** Forgets nodes gone silent and recomputes the master; returns it (empty when no node may lead). */
    public Optional<String> evaluate() {
        Optional<String> now;
        synchronized (this) {
            Instant cutoff = clock.instant().minus(LIVE);
            peers.values().removeIf(p -> p.lastSeen().isBefore(cutoff));
            List<Candidate> candidates = Stream.concat(
                    Stream.of(new Candidate(selfId, selfRole)),
                    peers.values().stream().map(p -> new Candidate(p.beacon().nodeId(), p.beacon().role())))
                    .filter(c -> c.role == ClusterRole.MASTER || c.role == ClusterRole.AUTO).toList();
            boolean configured = candidates.stream().anyMatch(c -> c.role == ClusterRole.MASTER);
            now = candidates.stream().filter(c -> !configured || c.role == ClusterRole.MASTER)
                    .map(Candidate::id).min(Comparator.naturalOrder());
            if (now.equals(master)) {
                return now;
            }
            master = now;
            elections.incrementAndGet();
        }
        onMaster.accept(now);
        return now;
    }

    /** The master as last evaluated. */
    public Optional<String> master() {
        return master;
    }

    /** Whether this node is the master as last evaluated. */
    public boolean selfIsMaster() {
        return master.filter(selfId::equals).isPresent();
    }

    /** Times the master changed (the first choice included). */
    public long elections() {
        return elections.get();
    }

    /** Live peers (not this node), by node id. */
    public synchronized List<Peer> live() {
        Instant cutoff = clock.instant().minus(LIVE);
        return peers.values().stream().filter(p -> !p.lastSeen().isBefore(cutoff))
                .sorted(Comparator.comparing(p -> p.beacon().nodeId())).toList();
    }

    /** A live peer by id. */
    public Optional<Peer> peer(String nodeId) {
        return live().stream().filter(p -> p.beacon().nodeId().equals(nodeId)).findFirst();
    }

    private record Candidate(String id, ClusterRole role) {
    }
}
