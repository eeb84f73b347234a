package io.quarry.fleet.bundle;

import java.util.Objects;

/**
 * The {@code deploy} command's payload: what the worker needs to check and open the bundle that streams after
 * it. Byte fields travel base64-encoded in the JSON payload. The format is documented in {@code docs/plugins.md}.
 *
 * @param type what the bundle carries
 * @param size the plaintext tar's length in bytes
 * @param checksum SHA-256 of the plaintext tar, hex
 * @param salt 16 random bytes that make this bundle's key its own
 * @param signature the controller's Ed25519 signature over {@link BundleCrypto#signedBytes}
 */
public record DeployHeader(BundleType type, long size, String checksum, byte[] salt, byte[] signature) {

    public DeployHeader {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(signature, "signature");
    }
}
