package io.quarry.subnet.crypto;

import cafe.cryptography.curve25519.Scalar;

/**
 * An expanded sr25519 key: the public key, the secret scalar and the nonce seed schnorrkel mixes into every
 * signature's witness. {@link #toString()} never shows the secret parts.
 *
 * @param publicKey the compressed Ristretto public key, 32 bytes
 * @param secret the secret scalar
 * @param nonce 32 bytes of secret nonce seed
 */
public record Sr25519KeyPair(byte[] publicKey, Scalar secret, byte[] nonce) {

    public Sr25519KeyPair {
        publicKey = publicKey.clone();
        nonce = nonce.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public String toString() {
        return "Sr25519KeyPair[publicKey=" + java.util.HexFormat.of().formatHex(publicKey) + "]";
    }
}
