package io.quarry.kernel.transport;

import io.quarry.api.transport.TransportException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed X.509 certificate a node presents in TLS: a carrier for its Ed25519 identity key, made
 * fresh at every start. No CA is involved: peers trust the key, not the certificate's names or dates (see
 * {@link PeerCertificates}).
 */
public final class NodeCertificate {

    /** Generous backdating so a peer whose clock runs behind still parses a sane certificate. */
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private NodeCertificate() {
    }

    /** A certificate over {@code keys} (an Ed25519 pair from the JDK provider), signed by its own key. */
    public static X509Certificate selfSigned(KeyPair keys, String nodeId) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(nodeId, "nodeId");
        Instant now = Instant.now();
        // The name is for people reading a capture; the key is the identity (a CN holds 64 characters at most).
        X500Name name = new X500Name("CN=quarry-" + nodeId.substring(0, Math.min(16, nodeId.length())));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(VALIDITY)), name, keys.getPublic());
        try {
            // Signed through the JDK's Ed25519 provider, which holds the private key.
            ContentSigner signer = new JcaContentSignerBuilder("Ed25519").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            String certified = PeerCertificates.nodeIdOf(new X509Certificate[] {certificate});
            if (!certified.equals(nodeId)) {
                throw new TransportException("the node key pair does not belong to node id " + nodeId
                        + " (its public key is " + certified + ")");
            }
            return certificate;
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new TransportException("cannot make the node's TLS certificate from its Ed25519 key: "
                    + e.getMessage(), e);
        }
    }
}
