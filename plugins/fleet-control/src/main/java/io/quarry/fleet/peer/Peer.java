package io.quarry.fleet.peer;

import io.quarry.fleet.node.FleetRole;
import io.quarry.api.transport.PeerAddress;
import java.util.Objects;

/**
 * A node this one knows by id, pinned at registration: every later connection must prove that id.
 *
 * @param id the node id (64 lowercase hex characters)
 * @param name the name the operator gave it
 * @param host transport host
 * @param port transport port
 * @param role the role it was registered with; {@code controller} (or {@code dual}) means its commands are accepted
 * @param addedAtMillis when it was registered
 * @param lastSeenMillis when it last answered; 0 when never
 * @param pingMs the last measured round trip; negative when never measured
 * @param hops network hops to it, as the operator or a measurement gave it
 * @param geoKm distance to it in kilometres, as the operator gave it
 * @param score reliability 0-100: rises with answered calls, falls with failed ones
 * @param lastError why the last call failed; empty after a success
 */
public record Peer(String id, String name, String host, int port, FleetRole role, long addedAtMillis,
        long lastSeenMillis, double pingMs, int hops, double geoKm, double score, String lastError) {

    /** The score a new peer starts with. */
    public static final double INITIAL_SCORE = 50;

    public Peer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(lastError, "lastError");
        new PeerAddress(id, host, port);
        if (hops < 0 || !(geoKm >= 0) || !(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("hops and geo_km must be >= 0 and score 0..100, were "
                    + hops + ", " + geoKm + ", " + score);
        }
    }

    /** Where the transport reaches it. */
    public PeerAddress address() {
        return new PeerAddress(id, host, port);
    }

    /** {@code online} after a successful call that was not followed by a failure, {@code offline} after a failure, else {@code unknown}. */
    public String status() {
        if (!lastError.isEmpty()) {
            return "offline";
        }
        return lastSeenMillis > 0 ? "online" : "unknown";
    }

    /** This peer after a successful call taking {@code pingMs} at {@code nowMillis}. */
    public Peer answered(long nowMillis, double measuredPingMs) {
        return new Peer(id, name, host, port, role, addedAtMillis, nowMillis, measuredPingMs, hops, geoKm,
                Math.min(100, score + (100 - score) * 0.1), "");
    }

    /** This peer after a failed call. */
    public Peer failed(String error) {
        return new Peer(id, name, host, port, role, addedAtMillis, lastSeenMillis, pingMs, hops, geoKm,
                Math.max(0, score * 0.8), error);
    }

    /** This peer with operator-given topology figures. */
    public Peer withTopology(int newHops, double newGeoKm) {
        return new Peer(id, name, host, port, role, addedAtMillis, lastSeenMillis, pingMs, newHops, newGeoKm, score, lastError);
    }
}
