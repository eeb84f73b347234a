package io.quarry.fleet.http;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/fleet-control/remote/{peer}/start} and {@code /stop}.
 *
 * @param miner the miner id on the peer
 * @param profile a profile stored on this controller ({@code PUT profiles/{name}}); absent or empty for none
 * @param settings settings sent as they are, when no stored profile is named
 */
public record StartRequest(String miner, String profile, Map<String, Object> settings) {
}
