package io.quarry.kernel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

class X25519AgreementTest {

    @Test
    void bothNodesDeriveTheSameSecretAndAThirdDoesNot() {
        NodeIdentity a = NodeIdentity.generate();
        NodeIdentity b = NodeIdentity.generate();
        NodeIdentity c = NodeIdentity.generate();

        byte[] ab = a.agree(b.nodeId());

        assertThat(ab).hasSize(32).isEqualTo(b.agree(a.nodeId()));
        assertThat(c.agree(b.nodeId())).isNotEqualTo(ab);
    }

    @Test
    void theMappedPublicKeyIsTheX25519PublicKeyOfTheDerivedScalar() throws Exception {
        // Cross-check the birational map against BouncyCastle computing the X25519 public key directly from
        // the same scalar RFC 8032 derives from the seed. The seed is the secret key of RFC 8032 section 7.1, TEST 1.
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] edPublic = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        byte[] scalar = java.util.Arrays.copyOf(java.security.MessageDigest.getInstance("SHA-512").digest(seed), 32);
        byte[] xPublic = new X25519PrivateKeyParameters(scalar, 0).generatePublicKey().getEncoded();

        assertThat(X25519Agreement.montgomeryU(edPublic)).isEqualTo(xPublic);
    }

    @Test
    void malformedAndLowOrderPeersAreRefused() {
        NodeIdentity a = NodeIdentity.generate();
        assertThatThrownBy(() -> a.agree("zz")).isInstanceOf(IllegalArgumentException.class);
        // y = 1 is the Edwards identity point.
        assertThatThrownBy(() -> a.agree("01" + "00".repeat(31))).isInstanceOf(IllegalArgumentException.class);
        // y = 0 maps to u = 1, a point of small order: the agreement is all zero.
        assertThatThrownBy(() -> a.agree("00".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }
}
