package io.quarry.kernel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.api.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {

    private static final HexFormat HEX = HexFormat.of();
    // RFC 8410 PKCS#8 v1 prefix for an Ed25519 private key; the 32-byte seed follows.
    private static final String PKCS8_PREFIX = "302e020100300506032b657004220420";

    @Test
    void signatureMadeByIdentityVerifiesAgainstItsNodeId() {
        NodeIdentity identity = NodeIdentity.generate();
        byte[] message = "hello quarry".getBytes(StandardCharsets.UTF_8);

        byte[] signature = identity.sign(message);

        assertThat(signature).hasSize(64);
        assertThat(Identity.verify(identity.nodeId(), message, signature)).isTrue();
    }

    @Test
    void tamperedMessageOrSignatureFailsVerification() {
        NodeIdentity identity = NodeIdentity.generate();
        byte[] message = "pay 1 to alice".getBytes(StandardCharsets.UTF_8);
        byte[] signature = identity.sign(message);

        byte[] tamperedMessage = "pay 9 to alice".getBytes(StandardCharsets.UTF_8);
        byte[] tamperedSignature = signature.clone();
        tamperedSignature[10] ^= 1;

        assertThat(Identity.verify(identity.nodeId(), tamperedMessage, signature)).isFalse();
        assertThat(Identity.verify(identity.nodeId(), message, tamperedSignature)).isFalse();
        assertThat(Identity.verify(NodeIdentity.generate().nodeId(), message, signature)).isFalse();
    }

    @Test
    void nodeIdIsLowercaseHexOfThePublicKey() {
        NodeIdentity identity = NodeIdentity.generate();

        assertThat(identity.publicKey()).hasSize(32);
        assertThat(identity.nodeId()).matches("[0-9a-f]{64}").isEqualTo(HEX.formatHex(identity.publicKey()));
    }

    @Test
    void matchesRfc8032TestVector1() {
        // RFC 8032 section 7.1, TEST 1: secret key, public key, empty message, signature.
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        String publicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        String signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

        NodeIdentity identity = NodeIdentity.fromPkcs8(HEX.parseHex(PKCS8_PREFIX + HEX.formatHex(seed)));

        assertThat(identity.nodeId()).isEqualTo(publicKey);
        assertThat(HEX.formatHex(identity.sign(new byte[0]))).isEqualTo(signature);
        assertThat(Identity.verify(publicKey, new byte[0], HEX.parseHex(signature))).isTrue();
    }

    @Test
    void rejectsBytesThatAreNotAnEd25519Key() {
        assertThatThrownBy(() -> NodeIdentity.fromPkcs8(new byte[] {1, 2, 3}))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("Ed25519");
    }

    @Test
    void toStringShowsOnlyTheNodeId() {
        NodeIdentity identity = NodeIdentity.generate();

        assertThat(identity.toString()).isEqualTo("NodeIdentity[" + identity.nodeId() + "]");
    }
}
