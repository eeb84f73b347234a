package io.quarry.fleet.bundle;

import java.util.Objects;

/**
 * The {@code deploy} command's payload: a tar archive encrypted to the target worker and signed by the
 * controller. Byte fields travel base64-encoded in the JSON payload.
 *
 * @param type what the bundle carries
 * @param checksum SHA-256 of the plaintext tar, hex
 * @param nonce the 12-byte ChaCha20-Poly1305 nonce
 * @param ciphertext the encrypted tar with its 16-byte tag
 * @param signature the controller's Ed25519 signature over {@link BundleCrypto#signedBytes}
 */
public record DeployPayload(BundleType type, String checksum, byte[] nonce, byte[] ciphertext, byte[] signature) {

    public DeployPayload {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(signature, "signature");
    }
}
