package io.quarry.subnet.epistula;

import io.quarry.subnet.crypto.KeyType;

/**
 * A request whose Epistula signature verified.
 *
 * @param hotkey the signer's SS58 address
 * @param keyType the scheme the signature used
 * @param replayKey what identifies this request for replay detection
 * @param replayUntilMillis until when the replay key must be remembered
 * @param legacy whether it came with the older X-Epistula-* headers
 */
public record SignedRequest(String hotkey, KeyType keyType, String replayKey, long replayUntilMillis, boolean legacy) {
}
