package io.quarry.kernel.identity;

import io.quarry.api.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The node's Ed25519 key pair (pure Ed25519, RFC 8032, through the JDK's own provider). The private key
 * has no getter and is never serialized by this class; {@link IdentityStore} writes the PKCS#8 encoding it
 * generated itself. Instances are immutable and thread-safe.
 */
public final class NodeIdentity implements Identity {

    private static final String ALGORITHM = "Ed25519";
    private static final int KEY_LENGTH = 32;

    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final String nodeId;

    private NodeIdentity(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.nodeId = HexFormat.of().formatHex(publicKey);
    }

    /** A fresh random identity, held in memory only. */
    public static NodeIdentity generate() {
        return fromKeyPair(newKeyPair());
    }

    /**
     * The identity whose private key is this PKCS#8 DER encoding (RFC 8410 {@code OneAsymmetricKey}).
     *
     * @throws IdentityException when the bytes are not an Ed25519 private key
     */
    public static NodeIdentity fromPkcs8(byte[] der) {
        Objects.requireNonNull(der, "der");
        PrivateKey key;
        byte[] seed;
        try {
            key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
            seed = ((EdECPrivateKey) key).getBytes().orElseThrow();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IdentityException("not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
        }
        if (seed.length != KEY_LENGTH) {
            throw new IdentityException("an Ed25519 private key is 32 bytes, was " + seed.length);
        }
        // The JDK offers no public way to derive the public key from a private one, so the RFC 8032
        // derivation comes from BouncyCastle's lightweight API; signing stays with the JDK provider.
        byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        Arrays.fill(seed, (byte) 0);
        NodeIdentity identity = new NodeIdentity(key, raw);
        identity.checkKeysMatch();
        return identity;
    }

    /** A new JDK Ed25519 key pair; package-private so {@link IdentityStore} can persist what it generates. */
    static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IdentityException("this JDK has no Ed25519 provider; run Quarry on JDK 21 or newer", e);
        }
    }

    static NodeIdentity fromKeyPair(KeyPair pair) {
        // X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410) ends with the raw 32-byte key.
        byte[] encoded = pair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length);
        return new NodeIdentity(pair.getPrivate(), raw);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        try {
            // A Signature object is stateful, so each call gets its own: that keeps sign() thread-safe.
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IdentityException("signing with the node key failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] agree(String peerNodeId) {
        return X25519Agreement.agree(privateKey, peerNodeId);
    }

    /**
     * The key pair behind the transport's TLS certificate. Kernel-only: plugins receive the node as an
     * {@link Identity}, which can sign but never hands out the private key.
     */
    public KeyPair keyPair() {
        try {
            return new KeyPair(Identity.publicKeyFromRaw(publicKey), privateKey);
        } catch (GeneralSecurityException e) {
            throw new IdentityException("the node's public key cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** Guards against a key file whose public half we derived wrongly: a sign/verify round trip must pass. */
    private void checkKeysMatch() {
        byte[] probe = "quarry identity self-check".getBytes(StandardCharsets.US_ASCII);
        if (!Identity.verify(nodeId, probe, sign(probe))) {
            throw new IdentityException("the Ed25519 key failed its sign/verify self-check");
        }
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + nodeId + "]";
    }
}
