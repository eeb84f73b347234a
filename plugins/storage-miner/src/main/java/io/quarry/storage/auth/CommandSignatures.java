package io.quarry.storage.auth;

import io.quarry.api.identity.Identity;
import java.nio.charset.StandardCharsets;

/**
 * The Ed25519-signed strings of the storage protocols (docs/plugins.md, storage-miner): validator commands sign
 * {@code UPLOAD:{hash}}, {@code DELETE:{hash}} and {@code PULL:{hash}}; miners sign
 * {@code REGISTER:{nodeId}:{timestamp}} and {@code HEARTBEAT:{nodeId}:{timestamp}} (milliseconds since the
 * epoch, decimal).
 */
public final class CommandSignatures {

    private CommandSignatures() {
    }

    /** {@code UPLOAD:{hash}}. */
    public static byte[] upload(String hash) {
        return ascii("UPLOAD:" + hash);
    }

    /** {@code DELETE:{hash}}. */
    public static byte[] delete(String hash) {
        return ascii("DELETE:" + hash);
    }

    /** {@code PULL:{hash}}. */
    public static byte[] pull(String hash) {
        return ascii("PULL:" + hash);
    }

    /** {@code REGISTER:{nodeId}:{timestamp}}. */
    public static byte[] register(String nodeId, long timestamp) {
        return ascii("REGISTER:" + nodeId + ":" + timestamp);
    }

    /** {@code HEARTBEAT:{nodeId}:{timestamp}}. */
    public static byte[] heartbeat(String nodeId, long timestamp) {
        return ascii("HEARTBEAT:" + nodeId + ":" + timestamp);
    }

    /** Whether {@code signature} is {@code signer}'s over {@code message}; false for anything malformed. */
    public static boolean verify(String signer, byte[] message, byte[] signature) {
        return signer != null && !signer.isEmpty() && Identity.verify(signer, message, signature);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
