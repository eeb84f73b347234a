package io.quarry.subnet.crypto;

/** The signature schemes a Substrate account key may use for Epistula signatures. */
public enum KeyType {
    /** Schnorrkel over Ristretto255 (Bittensor's default for hotkeys). */
    SR25519,
    /** RFC 8032 Ed25519. */
    ED25519
}
