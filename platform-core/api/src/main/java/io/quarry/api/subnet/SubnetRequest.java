package io.quarry.api.subnet;

import java.time.Instant;

/**
 * A request that passed the subnet miner's checks.
 *
 * @param callerHotkey the validator's hotkey (SS58 address) that signed the request
 * @param body the bound body ({@code null} for {@code Void} routes)
 * @param rawBody the body bytes as received (the signature covers their SHA-256)
 * @param received when the request arrived
 * @param <Q> the body type
 */
public record SubnetRequest<Q>(String callerHotkey, Q body, byte[] rawBody, Instant received) {
}
