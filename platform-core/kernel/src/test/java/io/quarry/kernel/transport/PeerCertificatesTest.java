package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class PeerCertificatesTest {

    @Test
    void nodeIdIsTheCertifiedEd25519Key() throws Exception {
        KeyPair keys = TestNodes.newKeys();
        String id = TestNodes.nodeId(keys);

        assertThat(PeerCertificates.nodeIdOf(new X509Certificate[] {NodeCertificate.selfSigned(keys, id)}))
                .isEqualTo(id);
    }

    @Test
    void refusesCertificateSignedByAnotherKey() throws Exception {
        KeyPair subject = TestNodes.newKeys();
        X509Certificate forged = certificate(subject, TestNodes.newKeys(), "Ed25519");

        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new X509Certificate[] {forged}))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not signed by its own");
    }

    @Test
    void refusesNonEd25519KeysAndChains() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaKeys = rsa.generateKeyPair();
        X509Certificate rsaCertificate = certificate(rsaKeys, rsaKeys, "SHA256withRSA");
        KeyPair keys = TestNodes.newKeys();
        X509Certificate ours = NodeCertificate.selfSigned(keys, TestNodes.nodeId(keys));

        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new X509Certificate[] {rsaCertificate}))
                .hasMessageContaining("carries an Ed25519 key, this one has a RSA key");
        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new X509Certificate[] {ours, ours}))
                .hasMessageContaining("exactly one self-signed certificate, got 2");
    }

    private static X509Certificate certificate(KeyPair subject, KeyPair signer, String algorithm) throws Exception {
        X500Name name = new X500Name("CN=test");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(),
                new Date(System.currentTimeMillis() + 86_400_000L), name, subject.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    }
}
