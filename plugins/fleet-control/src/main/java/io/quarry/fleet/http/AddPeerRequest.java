package io.quarry.fleet.http;

/**
 * The body of {@code POST /api/v1/fleet-control/peers}.
 *
 * @param address the peer's transport address, {@code HOST:PORT}
 * @param name the name to know it by
 * @param id its node id when known up front; absent means learn it by handshake
 * @param role {@code worker} (default), {@code controller} or {@code dual}; a controlling role means its
 *     commands are accepted here
 * @param hops network hops to it, for peer selection (default 1)
 * @param geoKm distance to it in km, for peer selection (default 0)
 */
public record AddPeerRequest(String address, String name, String id, String role, Integer hops, Double geoKm) {
}
