package io.quarry.api.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The node's Ed25519 identity. The private key never leaves the kernel; plugins can only ask it to sign.
 */
public interface Identity {

    /** The node id: the lowercase hex of the 32-byte Ed25519 public key. */
    String nodeId();

    /** The raw 32-byte Ed25519 public key. */
    byte[] publicKey();

    /** Signs {@code message} with the node key (pure Ed25519, RFC 8032); returns the 64-byte signature. */
    byte[] sign(byte[] message);

    /**
     * The X25519 shared secret (RFC 7748) between this node and the node {@code peerNodeId}, with both X25519
     * keys derived from the Ed25519 identity keys: the private scalar from the hashed seed as RFC 8032 derives
     * the signing scalar, the peer's public u-coordinate from its Edwards y by the birational map
     * u = (1 + y) / (1 - y). Both nodes compute the same 32 bytes without exchanging anything; derive keys
     * from it with a context (HKDF), never use it directly. The private key still never leaves the kernel.
     *
     * <p>The node's identity implements it; the default, for stand-ins that only sign (tests), refuses.
     *
     * @throws IllegalArgumentException when {@code peerNodeId} is malformed or its key yields no usable secret
     * @throws UnsupportedOperationException when this identity cannot agree keys (the default)
     */
    default byte[] agree(String peerNodeId) {
        throw new UnsupportedOperationException("this identity cannot agree keys; only the node's identity can");
    }

    /**
     * Checks an Ed25519 signature made by the node whose id is {@code nodeId}. Returns false for a malformed
     * node id, key or signature rather than throwing.
     */
    static boolean verify(String nodeId, byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        if (nodeId == null || signature == null || signature.length != 64 || nodeId.length() != 64) {
            return false;
        }
        try {
            byte[] raw = HexFormat.of().parseHex(nodeId);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKeyFromRaw(raw));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** Wraps a raw 32-byte Ed25519 public key as a JDK {@link PublicKey}. */
    static PublicKey publicKeyFromRaw(byte[] raw) throws GeneralSecurityException {
        if (raw.length != 32) {
            throw new GeneralSecurityException("an Ed25519 public key is 32 bytes, was " + raw.length);
        }
        // X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410): fixed 12-byte prefix, then the raw key.
        byte[] der = new byte[44];
        byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(raw, 0, der, prefix.length, raw.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }
}
