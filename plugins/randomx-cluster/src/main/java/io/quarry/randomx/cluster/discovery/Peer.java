package io.quarry.randomx.cluster.discovery;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A node known from its beacons.
 *
 * @param beacon its latest beacon
 * @param source where that beacon came from (its discovery endpoint)
 * @param lastSeen when it arrived
 */
public record Peer(Beacon beacon, InetSocketAddress source, Instant lastSeen) {

    /** The host its transport is reached at: the one it advertised, else the beacon's source address. */
    public String transportHost() {
        return beacon.transportHost().isEmpty() ? source.getAddress().getHostAddress() : beacon.transportHost();
    }
}
