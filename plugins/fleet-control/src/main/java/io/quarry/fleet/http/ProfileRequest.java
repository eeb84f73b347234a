package io.quarry.fleet.http;

import java.util.Map;

/**
 * The body of {@code PUT /api/v1/fleet-control/profiles/{name}}.
 *
 * @param settings keys of the target miner's plugin table and their values
 */
public record ProfileRequest(Map<String, Object> settings) {
}
