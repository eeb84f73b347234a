package io.quarry.kernel.transport;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * Reads a node id out of a peer's TLS certificate chain. Quarry nodes trust keys, not certificates: a chain
 * is acceptable when it is one certificate, self-signed by its P-256 key, whose binding extension carries an
 * Ed25519 identity key and that key's signature over the certificate's key (see {@link NodeCertificate}). The
 * node id is the identity key. Validity dates are deliberately not checked: the certificate is made at each
 * start and carries no authority beyond the keys, and refusing a peer for clock skew would help no one.
 */
final class PeerCertificates {

    /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410); the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int ED25519_KEY_BYTES = 32;
    private static final int ED25519_SIGNATURE_BYTES = 64;
    /** The extension as the JDK returns it (an OCTET STRING around the SEQUENCE) is about 110 bytes. */
    private static final int MAX_BINDING_BYTES = 256;

    private PeerCertificates() {
    }

    /**
     * The node id a chain as a TLS session reports it proves.
     *
     * @throws CertificateException when the chain is not exactly one well-formed, bound Quarry certificate
     */
    static String nodeIdOf(Certificate[] chain) throws CertificateException {
        try {
            return check(chain);
        } catch (RuntimeException e) {
            // Certificates BoringSSL hands over are parsed lazily: a malformed one throws unchecked exceptions
            // from its accessors (for example IllegalStateException for a signature algorithm mismatch).
            throw new CertificateException("the peer certificate does not parse: " + e.getMessage(), e);
        }
    }

    private static String check(Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length != 1) {
            throw new CertificateException("a Quarry node presents exactly one self-signed certificate, got "
                    + (chain == null ? 0 : chain.length));
        }
        if (!(chain[0] instanceof X509Certificate certificate)) {
            throw new CertificateException("a Quarry node presents an X.509 certificate, this one is "
                    + chain[0].getType());
        }
        PublicKey key = certificate.getPublicKey();
        if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new CertificateException("a Quarry node certificate carries a P-256 TLS key, this one has a "
                    + key.getAlgorithm() + " key");
        }
        try {
            certificate.verify(key);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the peer certificate is not signed by its own key", e);
        }
        byte[] extension = certificate.getExtensionValue(NodeCertificate.BINDING_OID.getId());
        if (extension == null) {
            throw new CertificateException("the peer certificate carries no Quarry identity binding ("
                    + NodeCertificate.BINDING_OID.getId() + "): not a Quarry node, or one from before wire version 2");
        }
        byte[][] binding = binding(extension);
        byte[] identityKey = binding[0];
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(ed25519Spki(identityKey))));
            verifier.update(NodeCertificate.BINDING_CONTEXT);
            verifier.update(key.getEncoded());
            if (!verifier.verify(binding[1])) {
                throw new CertificateException("the identity binding's signature does not verify: the Ed25519 key "
                        + HexFormat.of().formatHex(identityKey) + " did not vouch for this TLS key");
            }
        } catch (GeneralSecurityException e) {
            if (e instanceof CertificateException refused) {
                throw refused;
            }
            throw new CertificateException("cannot check the identity binding: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(identityKey);
    }

    /** The raw 32-byte key of an Ed25519 SubjectPublicKeyInfo, as the JDK encodes Ed25519 public keys. */
    static byte[] rawEd25519(byte[] spki) throws CertificateException {
        if (spki == null || spki.length != ED25519_SPKI_PREFIX.length + ED25519_KEY_BYTES
                || !Arrays.equals(spki, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0,
                        ED25519_SPKI_PREFIX.length)) {
            throw new CertificateException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(spki, ED25519_SPKI_PREFIX.length, spki.length);
    }

    private static byte[] ed25519Spki(byte[] raw) {
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
        return spki;
    }

    /** {identityKey, signature} out of the extension value, refusing anything but the exact shape. */
    private static byte[][] binding(byte[] extension) throws CertificateException {
        if (extension.length > MAX_BINDING_BYTES) {
            throw new CertificateException("the identity binding is " + extension.length + " bytes, at most "
                    + MAX_BINDING_BYTES + " are accepted");
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(extension)).getOctets();
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(inner));
            if (sequence.size() != 2) {
                throw new CertificateException("the identity binding has " + sequence.size()
                        + " elements, expected 2 (key, signature)");
            }
            byte[] identityKey = ASN1OctetString.getInstance(sequence.getObjectAt(0)).getOctets();
            byte[] signature = ASN1OctetString.getInstance(sequence.getObjectAt(1)).getOctets();
            if (identityKey.length != ED25519_KEY_BYTES || signature.length != ED25519_SIGNATURE_BYTES) {
                throw new CertificateException("the identity binding holds a " + identityKey.length
                        + "-byte key and a " + signature.length + "-byte signature, expected 32 and 64");
            }
            return new byte[][] {identityKey, signature};
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports malformed DER through several runtime exception types.
            throw new CertificateException("the identity binding does not decode: " + e.getMessage(), e);
        }
    }
}
