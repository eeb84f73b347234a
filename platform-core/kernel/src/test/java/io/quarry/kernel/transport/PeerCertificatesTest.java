package io.quarry.kernel.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class PeerCertificatesTest {

    @Test
    void nodeIdIsTheBoundEd25519IdentityKey() throws Exception {
        KeyPair identity = TestNodes.newKeys();
        String id = TestNodes.nodeId(identity);
        NodeCertificate certificate = NodeCertificate.create(identity, id);

        assertThat(PeerCertificates.nodeIdOf(new Certificate[] {certificate.certificate()})).isEqualTo(id);
        assertThat(certificate.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.toString()).doesNotContain(certificate.tlsKey().toString());
    }

    @Test
    void everyStartMakesAFreshTlsKeyForTheSameIdentity() {
        KeyPair identity = TestNodes.newKeys();
        String id = TestNodes.nodeId(identity);

        NodeCertificate first = NodeCertificate.create(identity, id);
        NodeCertificate second = NodeCertificate.create(identity, id);

        assertThat(first.certificate().getPublicKey()).isNotEqualTo(second.certificate().getPublicKey());
    }

    @Test
    void refusesAKeyPairThatIsNotTheNamedNode() {
        KeyPair identity = TestNodes.newKeys();
        String other = TestNodes.nodeId(TestNodes.newKeys());

        assertThatThrownBy(() -> NodeCertificate.create(identity, other))
                .hasMessageContaining("does not belong to node id " + other);
    }

    @Test
    void refusesACertificateNotSignedByItsOwnKey() throws Exception {
        KeyPair tls = p256();
        KeyPair identity = TestNodes.newKeys();
        X509Certificate forged = certificate(tls, p256(), "SHA256withECDSA", binding(identity, tls));

        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new Certificate[] {forged}))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not signed by its own key");
    }

    @Test
    void refusesABindingSignedByAnotherIdentity() throws Exception {
        KeyPair tls = p256();
        KeyPair claimed = TestNodes.newKeys();
        KeyPair signer = TestNodes.newKeys();
        DERSequence lie = new DERSequence(new ASN1Encodable[] {
                new DEROctetString(raw(claimed)), new DEROctetString(sign(signer, tls))});
        X509Certificate certificate = certificate(tls, tls, "SHA256withECDSA", lie);

        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new Certificate[] {certificate}))
                .isInstanceOf(CertificateException.class).hasMessageContaining("did not vouch for this TLS key");
    }

    @Test
    void refusesABindingCopiedFromAnotherNodesCertificate() throws Exception {
        // An attacker replaying a real node's binding beside its own TLS key must not pass as that node.
        KeyPair victim = TestNodes.newKeys();
        NodeCertificate real = NodeCertificate.create(victim, TestNodes.nodeId(victim));
        byte[] copied = real.certificate().getExtensionValue(NodeCertificate.BINDING_OID.getId());
        KeyPair attacker = p256();
        X509Certificate replay = certificate(attacker, attacker, "SHA256withECDSA",
                ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(copied).getOctets()));

        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new Certificate[] {replay}))
                .isInstanceOf(CertificateException.class).hasMessageContaining("did not vouch");
    }

    @Test
    void refusesACertificateWithoutABinding() throws Exception {
        KeyPair tls = p256();
        X509Certificate plain = certificate(tls, tls, "SHA256withECDSA", null);

        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new Certificate[] {plain}))
                .isInstanceOf(CertificateException.class).hasMessageContaining("no Quarry identity binding");
    }

    @Test
    void refusesBindingsOfTheWrongShape() throws Exception {
        KeyPair tls = p256();
        KeyPair identity = TestNodes.newKeys();
        byte[] signature = sign(identity, tls);
        ASN1Encodable[] shapes = {
                new DEROctetString(raw(identity)),
                new DERSequence(new ASN1Encodable[] {new DEROctetString(raw(identity))}),
                new DERSequence(new ASN1Encodable[] {new DEROctetString(raw(identity)),
                        new DEROctetString(signature), new DEROctetString(signature)}),
                new DERSequence(new ASN1Encodable[] {new DEROctetString(Arrays.copyOf(raw(identity), 31)),
                        new DEROctetString(signature)}),
                new DERSequence(new ASN1Encodable[] {new DEROctetString(raw(identity)), new ASN1Integer(7)}),
                new DEROctetString(new byte[300]),
        };
        for (ASN1Encodable shape : shapes) {
            X509Certificate certificate = certificate(tls, tls, "SHA256withECDSA", shape);
            assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new Certificate[] {certificate}))
                    .as("binding %s", shape).isInstanceOf(CertificateException.class)
                    .hasMessageContaining("identity binding");
        }
    }

    @Test
    void mutatedBindingsAreRefusedWithACertificateExceptionOnly() throws Exception {
        KeyPair tls = p256();
        KeyPair identity = TestNodes.newKeys();
        byte[] good = binding(identity, tls).toASN1Primitive().getEncoded();
        Random random = new Random(20261121);
        for (int i = 0; i < 300; i++) {
            byte[] mutated = good.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            // The value is carried as an opaque OCTET STRING so the certificate encodes whatever the bytes are.
            X509Certificate certificate = certificateWithRawExtension(tls, mutated);
            try {
                String id = PeerCertificates.nodeIdOf(new Certificate[] {certificate});
                assertThat(id).as("only an unchanged binding passes").isEqualTo(TestNodes.nodeId(identity));
                assertThat(mutated).isEqualTo(good);
            } catch (CertificateException expected) {
                // refused with a clear reason, never another exception type
            }
        }
    }

    @Test
    void refusesOtherKeyTypesAndChains() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaKeys = rsa.generateKeyPair();
        X509Certificate rsaCertificate = certificate(rsaKeys, rsaKeys, "SHA256withRSA", null);
        // The scheme before identity bindings: the Ed25519 identity key itself in the certificate.
        KeyPair ed = TestNodes.newKeys();
        X509Certificate edCertificate = certificate(ed, ed, "Ed25519", null);
        KeyPair keys = TestNodes.newKeys();
        X509Certificate ours = NodeCertificate.create(keys, TestNodes.nodeId(keys)).certificate();

        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new Certificate[] {rsaCertificate}))
                .hasMessageContaining("carries a P-256 TLS key, this one has a RSA key");
        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new Certificate[] {edCertificate}))
                .hasMessageContaining("carries a P-256 TLS key, this one has a");
        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(new Certificate[] {ours, ours}))
                .hasMessageContaining("exactly one self-signed certificate, got 2");
        assertThatThrownBy(() -> PeerCertificates.nodeIdOf(null))
                .hasMessageContaining("got 0");
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] raw(KeyPair identity) throws Exception {
        return PeerCertificates.rawEd25519(identity.getPublic().getEncoded());
    }

    private static byte[] sign(KeyPair identity, KeyPair tls) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(identity.getPrivate());
        signer.update(NodeCertificate.BINDING_CONTEXT);
        signer.update(tls.getPublic().getEncoded());
        return signer.sign();
    }

    private static DERSequence binding(KeyPair identity, KeyPair tls) throws Exception {
        return new DERSequence(new ASN1Encodable[] {new DEROctetString(raw(identity)),
                new DEROctetString(sign(identity, tls))});
    }

    private static X509Certificate certificate(KeyPair subject, KeyPair signer, String algorithm,
                                               ASN1Encodable binding) throws Exception {
        X500Name name = new X500Name("CN=test");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(),
                new Date(System.currentTimeMillis() + 86_400_000L), name, subject.getPublic());
        if (binding != null) {
            builder.addExtension(NodeCertificate.BINDING_OID, false, binding);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    }

    private static X509Certificate certificateWithRawExtension(KeyPair tls, byte[] value) throws Exception {
        X500Name name = new X500Name("CN=test");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, new Date(),
                new Date(System.currentTimeMillis() + 86_400_000L), name, tls.getPublic());
        builder.addExtension(new Extension(NodeCertificate.BINDING_OID, false, value));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(tls.getPrivate())));
    }
}
