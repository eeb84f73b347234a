package io.quarry.poies.proof.attest;

import io.quarry.poies.model.Bytes;

/** An AI or Quantum provider's Ed25519 key, able to sign attestations. */
public interface AttestationSigner {

    /** The raw 32-byte Ed25519 public key, as the policy allowlist lists it. */
    Bytes publicKey();

    /** A pure Ed25519 (RFC 8032) signature over {@code message}: 64 bytes. */
    byte[] sign(byte[] message);
}
