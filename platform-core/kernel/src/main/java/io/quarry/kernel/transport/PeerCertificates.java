package io.quarry.kernel.transport;

import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads a node id out of a peer's TLS certificate chain. Quarry nodes trust keys, not certificates: a chain
 * is acceptable when it is one self-signed certificate over an Ed25519 key, and the node id is that key.
 * Validity dates are deliberately not checked: the certificate is made at each start and carries no
 * authority beyond the key, and refusing a peer for clock skew would help no one.
 */
final class PeerCertificates {

    /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410); the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int SPKI_LENGTH = ED25519_SPKI_PREFIX.length + 32;

    private PeerCertificates() {
    }

    /**
     * The node id the chain proves.
     *
     * @throws CertificateException when the chain is not exactly one well-formed self-signed Ed25519 cert
     */
    static String nodeIdOf(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length != 1) {
            throw new CertificateException("a Quarry node presents exactly one self-signed certificate, got "
                    + (chain == null ? 0 : chain.length));
        }
        X509Certificate certificate = chain[0];
        PublicKey key = certificate.getPublicKey();
        byte[] spki = key.getEncoded();
        if (spki == null || spki.length != SPKI_LENGTH
                || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0,
                        ED25519_SPKI_PREFIX.length)) {
            throw new CertificateException("a Quarry node certificate carries an Ed25519 key, this one has a "
                    + key.getAlgorithm() + " key");
        }
        try {
            certificate.verify(key);
        } catch (Exception e) {
            throw new CertificateException("the peer certificate is not signed by its own Ed25519 key", e);
        }
        return HexFormat.of().formatHex(spki, ED25519_SPKI_PREFIX.length, SPKI_LENGTH);
    }
}
