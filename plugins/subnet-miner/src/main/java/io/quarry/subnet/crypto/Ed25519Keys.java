package io.quarry.subnet.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** RFC 8032 Ed25519 through BouncyCastle, with the 32-byte seed Substrate's ed25519 accounts use. */
public final class Ed25519Keys {

    private Ed25519Keys() {
    }

    /** The public key of {@code seed}. */
    public static byte[] publicKey(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    /** The signature of {@code message} by {@code seed}. */
    public static byte[] sign(byte[] seed, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Whether {@code signature} is {@code publicKey}'s; false for malformed keys or signatures. */
    public static boolean verify(byte[] message, byte[] signature, byte[] publicKey) {
        if (message == null || signature == null || publicKey == null
                || signature.length != 64 || publicKey.length != 32) {
            return false;
        }
        try {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            signer.update(message, 0, message.length);
            return signer.verifySignature(signature);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}
