package io.quarry.subnet.crypto;

import static io.quarry.subnet.node.PolkadotJs.op;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarry.subnet.node.PolkadotJs;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sr25519 and ed25519 against @polkadot/util-crypto and @polkadot/keyring, both directions. */
class PolkadotCrossCheckTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void derivesTheSameKeysAndAddressesFromASeed() {
        List<Map<String, Object>> ops = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            ops.add(op("pair", "seed", seedHex(n), "type", "sr25519"));
            ops.add(op("pair", "seed", seedHex(n), "type", "ed25519"));
        }
        List<JsonNode> results = PolkadotJs.run(ops);
        for (int n = 1; n <= 4; n++) {
            byte[] sr = Sr25519.fromSeed(Sr25519Test.seed(n)).publicKey();
            byte[] ed = Ed25519Keys.publicKey(Sr25519Test.seed(n));
            assertThat(results.get(2 * (n - 1)).get("publicKey").asText()).isEqualTo("0x" + HEX.formatHex(sr));
            assertThat(results.get(2 * (n - 1)).get("address").asText()).isEqualTo(Ss58.encode(sr));
            assertThat(results.get(2 * n - 1).get("publicKey").asText()).isEqualTo("0x" + HEX.formatHex(ed));
            assertThat(results.get(2 * n - 1).get("address").asText()).isEqualTo(Ss58.encode(ed));
        }
    }

    @Test
    void javaVerifiesPolkadotSignaturesAndRejectsThemOnOtherMessages() {
        List<String> messages = List.of("", "a", "e3b0c442.f47ac10b-58cc-4372-a567-0e02b2c3d479.1700000000000.",
                "x".repeat(300));
        List<Map<String, Object>> ops = new ArrayList<>();
        for (String m : messages) {
            ops.add(op("sign", "seed", seedHex(5), "type", "sr25519", "message", m));
            ops.add(op("sign", "seed", seedHex(5), "type", "ed25519", "message", m));
        }
        List<JsonNode> results = PolkadotJs.run(ops);
        byte[] sr = Sr25519.fromSeed(Sr25519Test.seed(5)).publicKey();
        byte[] ed = Ed25519Keys.publicKey(Sr25519Test.seed(5));
        for (int i = 0; i < messages.size(); i++) {
            byte[] m = messages.get(i).getBytes(StandardCharsets.UTF_8);
            byte[] srSig = hex(results.get(2 * i).get("signature").asText());
            byte[] edSig = hex(results.get(2 * i + 1).get("signature").asText());
            assertThat(Sr25519.verify(m, srSig, sr)).as("sr25519 %s", messages.get(i)).isTrue();
            assertThat(SubstrateSignatures.verify(m, srSig, sr)).contains(KeyType.SR25519);
            assertThat(SubstrateSignatures.verify(m, edSig, ed)).contains(KeyType.ED25519);
            byte[] other = (messages.get(i) + "!").getBytes(StandardCharsets.UTF_8);
            assertThat(SubstrateSignatures.verify(other, srSig, sr)).isEmpty();
            assertThat(SubstrateSignatures.verify(other, edSig, ed)).isEmpty();
        }
    }

    @Test
    void polkadotVerifiesJavaSignaturesBareAndWrapped() {
        Sr25519KeyPair pair = Sr25519.fromSeed(Sr25519Test.seed(6));
        String address = Ss58.encode(pair.publicKey());
        byte[] edSeed = Sr25519Test.seed(6);
        String edAddress = Ss58.encode(Ed25519Keys.publicKey(edSeed));
        String message = "abc.uuid.1700000000000.5Gsigned";
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        byte[] bare = Sr25519.sign(pair, bytes, RANDOM);
        byte[] wrapped = Sr25519.sign(pair, SubstrateSignatures.wrap(bytes), RANDOM);
        byte[] ed = Ed25519Keys.sign(edSeed, bytes);
        byte[] broken = bare.clone();
        broken[5] ^= 1;
        List<JsonNode> results = PolkadotJs.run(List.of(
                op("verify", "message", message, "signature", "0x" + HEX.formatHex(bare), "address", address),
                op("verify", "message", message, "signature", "0x" + HEX.formatHex(wrapped), "address", address),
                op("verify", "message", message, "signature", "0x" + HEX.formatHex(ed), "address", edAddress),
                op("verify", "message", message, "signature", "0x" + HEX.formatHex(broken), "address", address)));
        assertThat(results.get(0).get("isValid").asBoolean()).isTrue();
        assertThat(results.get(0).get("crypto").asText()).isEqualTo("sr25519");
        assertThat(results.get(1).get("isValid").asBoolean()).isTrue();
        assertThat(results.get(2).get("isValid").asBoolean()).isTrue();
        assertThat(results.get(2).get("crypto").asText()).isEqualTo("ed25519");
        assertThat(results.get(3).get("isValid").asBoolean()).isFalse();
    }

    @Test
    void javaAcceptsPolkadotsWrappedSignatures() {
        String message = "wrapped body";
        List<JsonNode> results = PolkadotJs.run(List.of(op("sign", "seed", seedHex(4), "type", "sr25519",
                "message", "<Bytes>" + message + "</Bytes>")));
        byte[] signature = hex(results.get(0).get("signature").asText());
        byte[] key = Sr25519.fromSeed(Sr25519Test.seed(4)).publicKey();
        assertThat(SubstrateSignatures.verify(message.getBytes(StandardCharsets.UTF_8), signature, key))
                .contains(KeyType.SR25519);
    }

    static String seedHex(int n) {
        return "0x" + HEX.formatHex(Sr25519Test.seed(n));
    }

    static byte[] hex(String prefixed) {
        return HEX.parseHex(prefixed.substring(2));
    }
}
