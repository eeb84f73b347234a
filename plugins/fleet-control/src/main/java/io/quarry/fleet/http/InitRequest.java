package io.quarry.fleet.http;

/**
 * The body of {@code POST /api/v1/fleet-control/node/init}.
 *
 * @param name the fleet name
 * @param role {@code controller}, {@code worker} or {@code dual}
 */
public record InitRequest(String name, String role) {
}
