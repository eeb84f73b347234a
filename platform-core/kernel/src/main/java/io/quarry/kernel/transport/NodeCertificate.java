package io.quarry.kernel.transport;

import io.quarry.api.transport.TransportException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed X.509 certificate a node presents in TLS, with the private key that goes with it. Made
 * fresh at every start; no CA is involved.
 *
 * <p>The certificate's own key is a P-256 key made for this start only (the TLS key), not the node's Ed25519
 * identity key: BoringSSL, which does the node's TLS when it is available, neither signs nor accepts Ed25519
 * in a TLS 1.3 handshake unless told to, and netty-tcnative offers no way to tell it. The identity is carried
 * beside it instead, in a certificate extension ({@link #BINDING_OID}) holding
 * <pre>
 *   SEQUENCE { identityKey OCTET STRING (32 bytes, raw Ed25519 public key),
 *              signature   OCTET STRING (64 bytes) }
 * </pre>
 * where {@code signature} is the identity key's Ed25519 signature over {@link #BINDING_CONTEXT} followed by the
 * DER SubjectPublicKeyInfo of the TLS key. TLS proves the peer holds the TLS key; the binding proves the
 * identity key vouched for that TLS key; so the peer is the node whose id is the identity key. Peers check it
 * in {@link PeerCertificates}. Names and dates carry no authority.
 *
 * @param certificate what the node presents
 * @param tlsKey the certificate key's private half; lives in memory only, for this process's lifetime
 */
public record NodeCertificate(X509Certificate certificate, PrivateKey tlsKey) {

    /**
     * The binding extension's OID: a UUID-derived OID (ITU-T X.667, arc 2.25) minted for Quarry, so no
     * registration is involved and it cannot collide with anyone else's.
     */
    public static final ASN1ObjectIdentifier BINDING_OID =
            new ASN1ObjectIdentifier("2.25.84025609721158187057306413994917972708");

    /** Domain separation: an identity signature made for anything else can never pass as a binding. */
    static final byte[] BINDING_CONTEXT = "quarry node tls binding v1\0".getBytes(StandardCharsets.US_ASCII);

    /** Generous backdating so a peer whose clock runs behind still parses a sane certificate. */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(3650);

    public NodeCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(tlsKey, "tlsKey");
    }

    /**
     * A fresh TLS key and the certificate binding it to {@code identity} (an Ed25519 pair from the JDK
     * provider) whose node id is {@code nodeId}.
     *
     * @throws TransportException when the pair does not belong to {@code nodeId} or the JDK cannot make keys
     */
    public static NodeCertificate create(KeyPair identity, String nodeId) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(nodeId, "nodeId");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair tls = generator.generateKeyPair();
            byte[] identityKey = PeerCertificates.rawEd25519(identity.getPublic().getEncoded());
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(identity.getPrivate());
            signer.update(BINDING_CONTEXT);
            signer.update(tls.getPublic().getEncoded());
            DERSequence binding = new DERSequence(new ASN1Encodable[] {
                    new DEROctetString(identityKey), new DEROctetString(signer.sign())});

            Instant now = Instant.now();
            // The name is for people reading a capture; the bound key is the identity (a CN holds 64 chars).
            X500Name name = new X500Name("CN=quarry-" + nodeId.substring(0, Math.min(16, nodeId.length())));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(VALIDITY)), name, tls.getPublic());
            // Not critical: tools that do not know it can still show the certificate; Quarry peers require it.
            builder.addExtension(BINDING_OID, false, binding);
            ContentSigner selfSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(tls.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(selfSigner));
            String certified = PeerCertificates.nodeIdOf(new X509Certificate[] {certificate});
            if (!certified.equals(nodeId)) {
                throw new TransportException("the node key pair does not belong to node id " + nodeId
                        + " (its public key is " + certified + ")");
            }
            return new NodeCertificate(certificate, tls.getPrivate());
        } catch (OperatorCreationException | GeneralSecurityException | IOException e) {
            throw new TransportException("cannot make the node's TLS certificate bound to its Ed25519 key: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // Never the private key.
        return "NodeCertificate[" + certificate.getSubjectX500Principal() + "]";
    }
}
