package io.quarry.poies.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HashShareTest {

    @Test
    void envelopeHasTheSeedShape() {
        HeaderTemplate template = TestTemplates.template();
        HashShare share = HashShare.of(template, 42, ShareDigest.compute(template, 42), 712_345);
        String json = PoiesJson.toJson(share.toEnvelope());
        assertThat(json).isEqualTo("{\"type_id\":\"hashshare:v1\",\"body\":{\"templateId\":\"tpl-1024-0001\","
                + "\"nonce\":\"0x000000000000002a\",\"mixSeed\":\"" + template.mixSeed() + "\",\"u\":\"" + share.u()
                + "\",\"keccak\":\"" + share.keccak() + "\",\"d_ratio_ppm\":712345},\"nullifier\":\""
                + share.nullifier() + "\"}");
        assertThat(HashShare.fromEnvelope(PoiesJson.parseEnvelope(json))).isEqualTo(share);
    }

    @Test
    void derivesUAndNullifierFromTheDigest() {
        HeaderTemplate template = TestTemplates.template();
        Bytes digest = ShareDigest.compute(template, 7);
        HashShare share = HashShare.of(template, 7, digest, 1);
        assertThat(share.u()).isEqualTo(Bytes.of(digest.toArray(), 0, 32));
        assertThat(share.nullifier().toArray()).isEqualTo(Keccak.keccak256(
                "animica:hashshare:nullifier:v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                digest.toArray()));
        assertThat(HashShare.of(template, 8, ShareDigest.compute(template, 8), 1).nullifier())
                .isNotEqualTo(share.nullifier());
    }

    @Test
    void fromEnvelopeIsStrict() {
        HeaderTemplate template = TestTemplates.template();
        ProofEnvelope good = HashShare.of(template, 7, ShareDigest.compute(template, 7), 1).toEnvelope();
        assertThatThrownBy(() -> HashShare.fromEnvelope(new ProofEnvelope("vdf:v1", good.body(), good.nullifier())))
                .isInstanceOf(SchemaException.class).hasMessage("type_id: expected \"hashshare:v1\", found \"vdf:v1\"");
        ProofBody extra = ProofBody.builder().put("x", 1).build();
        assertThatThrownBy(() -> HashShare.fromEnvelope(new ProofEnvelope(HashShare.TYPE_ID, extra, good.nullifier())))
                .hasMessageStartingWith("body.x: unknown member");
        String shortNonce = PoiesJson.toJson(good).replace("\"0x0000000000000007\"", "\"0x07\"");
        assertThatThrownBy(() -> HashShare.fromEnvelope(PoiesJson.parseEnvelope(shortNonce)))
                .hasMessage("body.nonce: expected 8 bytes of hex, found 2 digits");
        String negative = PoiesJson.toJson(good).replace("\"d_ratio_ppm\":1", "\"d_ratio_ppm\":-1");
        assertThatThrownBy(() -> HashShare.fromEnvelope(PoiesJson.parseEnvelope(negative)))
                .hasMessage("body.d_ratio_ppm: must be >= 0, was -1");
    }

    @Test
    void blockSealsAndChecksItsLinks() {
        List<ProofEnvelope> proofs = List.of(TestTemplates.vdfLikeProof(1), TestTemplates.vdfLikeProof(2));
        HeaderTemplate template = TestTemplates.template("tpl-b", proofs);
        HashShare share = HashShare.of(template, 99, ShareDigest.compute(template, 99), 1_000_001);
        Block block = Block.seal(template, share, proofs);
        assertThat(block.hash()).isEqualTo(Block.hashOf(share.keccak()));
        assertThat(block.height()).isEqualTo(1024);
        String json = PoiesJson.toJson(block);
        assertThat(json).startsWith("{\"hash\":\"" + block.hash() + "\",\"template\":{\"chainId\":1");
        assertThat(PoiesJson.parseBlock(json)).isEqualTo(block);
        assertThat(PoiesJson.blockFromPlain(PoiesJson.toPlain(block))).isEqualTo(block);

        assertThatThrownBy(() -> Block.seal(template, share, proofs.subList(0, 1)))
                .isInstanceOf(SchemaException.class).hasMessageStartingWith("proofs: their root is");
        HashShare wrongNonce = HashShare.of(template, 98, share.keccak(), 1);
        assertThatThrownBy(() -> Block.seal(template, wrongNonce, proofs))
                .hasMessageStartingWith("hashShare: keccak, u or nullifier");
        assertThatThrownBy(() -> new Block(template, 99, share, proofs, Bytes.ZERO32))
                .hasMessageStartingWith("hash: expected");
        HeaderTemplate other = TestTemplates.template("tpl-c", proofs);
        assertThatThrownBy(() -> Block.seal(other, share, proofs)).hasMessageStartingWith("hashShare: names template");
        String tampered = json.replace("\"height\":1024", "\"height\":1025");
        assertThatThrownBy(() -> PoiesJson.parseBlock(tampered)).isInstanceOf(SchemaException.class);
    }
}
