package io.quarry.fleet.http;

import io.quarry.fleet.peer.Peer;

/**
 * A peer as the API shows it.
 *
 * @param id node id
 * @param name name
 * @param address {@code host:port}
 * @param role registered role
 * @param status {@code online}, {@code offline} or {@code unknown}
 * @param lastSeen when it last answered (ms since the epoch; 0 = never)
 * @param pingMs last round trip in ms (negative = never measured)
 * @param hops hops
 * @param geoKm distance in km
 * @param score reliability 0-100
 * @param lastError why the last call failed, or empty
 */
public record PeerView(String id, String name, String address, String role, String status, long lastSeen,
        double pingMs, int hops, double geoKm, double score, String lastError) {

    /** The view of {@code p}. */
    public static PeerView of(Peer p) {
        return new PeerView(p.id(), p.name(), p.host() + ":" + p.port(), p.role().label(), p.status(),
                p.lastSeenMillis(), p.pingMs(), p.hops(), p.geoKm(), p.score(), p.lastError());
    }
}
