package io.quarry.fleet.peer;

import io.quarry.api.store.Cursor;
import io.quarry.api.store.Entry;
import io.quarry.api.store.KeyValueStore;
import io.quarry.fleet.FleetJson;
import io.quarry.fleet.node.FleetRole;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers this node knows, kept in the plugin's store (one JSON record per peer under {@code peer/<id>}) and
 * in memory, with a k-d tree over their metrics for choosing among them. Thread-safe.
 */
public final class PeerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(PeerRegistry.class);
    private static final String PREFIX = "peer/";
    /** A peer never pinged ranks as if it answered in this many milliseconds. */
    static final double UNMEASURED_PING_MS = 10_000;

    private final KeyValueStore store;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private volatile PeerWeights weights;
    private KdTree<Peer> tree;

    /** Loads the registry from {@code store}; records that no longer parse are logged and skipped. */
    public PeerRegistry(KeyValueStore store, PeerWeights weights) {
        this.store = Objects.requireNonNull(store, "store");
        this.weights = Objects.requireNonNull(weights, "weights");
        try (Cursor cursor = store.scan(bytes(PREFIX))) {
            while (cursor.hasNext()) {
                Entry entry = cursor.next();
                try {
                    Peer peer = FleetJson.read(entry.value(), Peer.class);
                    peers.put(peer.id(), peer);
                } catch (IllegalArgumentException e) {
                    LOG.warn("skipping unreadable peer record {}: {}", new String(entry.key(), StandardCharsets.UTF_8),
                            e.getMessage());
                }
            }
        }
    }

    /** Adds or replaces {@code peer} (same id) and stores it. */
    public synchronized void put(Peer peer) {
        store.put(bytes(PREFIX + peer.id()), FleetJson.write(peer));
        peers.put(peer.id(), peer);
        tree = null;
    }

    /** Removes the peer; returns whether it was known. */
    public synchronized boolean remove(String id) {
        if (peers.remove(id) == null) {
            return false;
        }
        store.delete(bytes(PREFIX + id));
        tree = null;
        return true;
    }

    /** The peer with this id. */
    public synchronized Optional<Peer> get(String id) {
        return Optional.ofNullable(peers.get(id));
    }

    /** The peer whose id or name is {@code idOrName} (ids win). */
    public synchronized Optional<Peer> find(String idOrName) {
        Peer byId = peers.get(idOrName);
        if (byId != null) {
            return Optional.of(byId);
        }
        return peers.values().stream().filter(p -> p.name().equals(idOrName)).findFirst();
    }

    /** Every peer, in registration order. */
    public synchronized List<Peer> list() {
        return List.copyOf(peers.values());
    }

    /** Applies {@code change} to a known peer and stores the result; empty when the peer is unknown. */
    public synchronized Optional<Peer> update(String id, UnaryOperator<Peer> change) {
        Peer current = peers.get(id);
        if (current == null) {
            return Optional.empty();
        }
        Peer next = change.apply(current);
        put(next);
        return Optional.of(next);
    }

    /** Ids of the peers registered as controllers ({@code controller} or {@code dual}). */
    public synchronized Set<String> controllerIds() {
        return peers.values().stream().filter(p -> p.role().controls()).map(Peer::id).collect(Collectors.toSet());
    }

    /** Changes the selection weights. */
    public synchronized void weights(PeerWeights value) {
        this.weights = Objects.requireNonNull(value, "weights");
        tree = null;
    }

    /** The best peer by the weighted metrics (see {@link PeerWeights}); empty when there are none. */
    public Optional<Peer> selectOptimalPeer() {
        return selectNearestPeers(1).stream().findFirst();
    }

    /** The {@code k} best peers, best first. */
    public synchronized List<Peer> selectNearestPeers(int k) {
        if (tree == null) {
            List<KdTree.Point<Peer>> points = new ArrayList<>();
            for (Peer p : peers.values()) {
                points.add(new KdTree.Point<>(coordinates(p, weights), p));
            }
            tree = new KdTree<>(4, points);
        }
        return tree.nearest(new double[4], k);
    }

    /** A peer's place in the weighted metric space, whose origin is the ideal peer. */
    static double[] coordinates(Peer p, PeerWeights w) {
        double ping = p.pingMs() < 0 ? UNMEASURED_PING_MS : p.pingMs();
        return new double[] {ping * w.ping(), p.hops() * w.hops(), p.geoKm() * w.geo(), (100 - p.score()) * w.score()};
    }

    /** Peers sorted by name, for display. */
    public List<Peer> byName() {
        return list().stream().sorted(Comparator.comparing(Peer::name)).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
