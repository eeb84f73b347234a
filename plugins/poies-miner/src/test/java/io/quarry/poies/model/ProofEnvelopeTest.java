package io.quarry.poies.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProofEnvelopeTest {

    @Test
    void roundTripsThroughJsonTextTreeAndPlainValues() {
        ProofEnvelope envelope = TestTemplates.vdfLikeProof(3);
        String json = PoiesJson.toJson(envelope);
        assertThat(json).startsWith("{\"type_id\":\"vdf:v1\",\"body\":{\"iterations\":1048576,")
                .endsWith("\"nullifier\":\"" + envelope.nullifier() + "\"}");
        assertThat(PoiesJson.parseEnvelope(json)).isEqualTo(envelope);
        assertThat(PoiesJson.envelopeFromTree(PoiesJson.toTree(envelope))).isEqualTo(envelope);
        assertThat(PoiesJson.envelopeFromPlain(PoiesJson.toPlain(envelope))).isEqualTo(envelope);
    }

    @Test
    void canonicalBytesIgnoreMemberOrder() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1L);
        ab.put("b", List.of("x", true));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", List.of("x", true));
        ba.put("a", 1);
        assertThat(ProofBody.of(ab)).isEqualTo(ProofBody.of(ba));
        assertThat(ProofBody.of(ab).canonicalBytes()).isEqualTo(ProofBody.of(ba).canonicalBytes());
    }

    @Test
    void canonicalBytesAreAsDocumented() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("s", "hi");
        members.put("n", -2L);
        members.put("t", true);
        members.put("l", List.of(false, 256L));
        // keys sorted by bytes: l, n, s, t
        String expected = "05" + "00000004"
                + "00000001" + "6c" + "04" + "00000002" + "00" + "02" + "02" + "0100"
                + "00000001" + "6e" + "02" + "01" + "fe"
                + "00000001" + "73" + "03" + "00000002" + "6869"
                + "00000001" + "74" + "01";
        assertThat(HexFormat.of().formatHex(ProofBody.of(members).canonicalBytes())).isEqualTo(expected);
        ProofEnvelope envelope = new ProofEnvelope("x:v1", ProofBody.of(members), Bytes.ZERO32);
        assertThat(HexFormat.of().formatHex(envelope.canonicalBytes()))
                .isEqualTo("04" + "783a7631" + expected + "00".repeat(32));
    }

    @Test
    void integersBeyondLongAreKeptExactly() {
        BigInteger big = BigInteger.TWO.pow(200).negate();
        ProofBody body = ProofBody.builder().put("n", big).put("m", BigInteger.valueOf(5)).build();
        assertThat(body.bigInteger("n")).isEqualTo(big);
        assertThat(body.integer("m")).isEqualTo(5);
        assertThatThrownBy(() -> body.integer("n")).hasMessage("body.n: expected an integer within 64 bits, found an"
                + " integer beyond 64 bits");
        ProofEnvelope envelope = new ProofEnvelope("big:v1", body, Bytes.ZERO32);
        assertThat(PoiesJson.parseEnvelope(PoiesJson.toJson(envelope))).isEqualTo(envelope);
        assertThatThrownBy(() -> ProofBody.builder().put("n", BigInteger.TWO.pow(255)).build())
                .isInstanceOf(SchemaException.class).hasMessage("body.n: integers are at most 256 bits");
    }

    @Test
    void refusesDecimalsNullsAndBrokenUnicode() {
        assertThatThrownBy(() -> PoiesJson.parseEnvelope(
                "{\"type_id\":\"a:v1\",\"body\":{\"x\":{\"y\":[1.5]}},\"nullifier\":\"0x" + "00".repeat(32) + "\"}"))
                .isInstanceOf(SchemaException.class).hasMessageStartingWith("body.x.y[0]: decimal numbers");
        assertThatThrownBy(() -> PoiesJson.parseEnvelope(
                "{\"type_id\":\"a:v1\",\"body\":{\"x\":null},\"nullifier\":\"0x" + "00".repeat(32) + "\"}"))
                .hasMessageStartingWith("body.x: null is not allowed");
        assertThatThrownBy(() -> PoiesJson.parseEnvelope(
                "{\"type_id\":\"a:v1\",\"body\":{\"x\":\"\\ud800\"},\"nullifier\":\"0x" + "00".repeat(32) + "\"}"))
                .hasMessageStartingWith("body.x: strings are at most");
        assertThatThrownBy(() -> ProofBody.builder().put("x", 0.5d).build()).isInstanceOf(SchemaException.class);
    }

    @Test
    void checksTypeIdAndNullifier() {
        String nullifier = "\"0x" + "00".repeat(32) + "\"";
        assertThatThrownBy(() -> PoiesJson.parseEnvelope("{\"type_id\":\"VDF\",\"body\":{},\"nullifier\":"
                + nullifier + "}")).hasMessageStartingWith("type_id: expected 1..64 characters");
        assertThatThrownBy(() -> PoiesJson.parseEnvelope("{\"type_id\":\"v:1\",\"body\":{},\"nullifier\":\"0x00\"}"))
                .hasMessageStartingWith("nullifier: expected 32 bytes");
        assertThatThrownBy(() -> PoiesJson.parseEnvelope("{\"type_id\":\"v:1\",\"body\":[],\"nullifier\":"
                + nullifier + "}")).hasMessageStartingWith("body: expected an object, found an array");
        assertThatThrownBy(() -> PoiesJson.parseEnvelope("{\"type_id\":\"v:1\",\"body\":{},\"nullifier\":"
                + nullifier + ",\"extra\":1}")).hasMessageStartingWith("extra: unknown member");
    }

    @Test
    void enforcesBodyLimits() {
        Object deep = 1L;
        for (int i = 0; i <= ProofBody.MAX_DEPTH; i++) {
            deep = List.of(deep);
        }
        Object tooDeep = deep;
        assertThatThrownBy(() -> ProofBody.builder().put("d", tooDeep).build())
                .hasMessageContaining("nested deeper than 8 levels");
        List<Long> many = java.util.Collections.nCopies(ProofBody.MAX_VALUES, 1L);
        assertThatThrownBy(() -> ProofBody.builder().put("m", many).build())
                .hasMessageContaining("at most 4096 values");
        String big = "x".repeat(ProofBody.MAX_STRING_LENGTH);
        assertThatThrownBy(() -> ProofBody.builder().put("a", big).put("b", big).put("c", big).put("d", big)
                .put("e", big).build()).hasMessageContaining("at most 65536 are allowed");
        assertThatThrownBy(() -> ProofBody.builder().put("k".repeat(65), 1).build())
                .hasMessageContaining("member names must be 1..64");
    }

    @Test
    void typedGettersNameTheMember() {
        ProofBody body = TestTemplates.vdfLikeProof(1).body();
        assertThat(body.object("metrics").integer("secondsMicro")).isEqualTo(2_500_000);
        assertThatThrownBy(() -> body.string("iterations")).isInstanceOf(SchemaException.class)
                .hasMessage("body.iterations: expected a string, found an integer");
        assertThatThrownBy(() -> body.object("metrics").string("nope")).hasMessage("body.metrics.nope: missing");
        assertThatThrownBy(() -> body.hex("output", 32)).hasMessageStartingWith("body.output: expected 32 bytes");
        assertThatThrownBy(() -> body.requireExactly(java.util.Set.of("iterations")))
                .hasMessageStartingWith("body.input: unknown member");
    }

    @Test
    void merkleRootIsDomainSeparatedAndOrderSensitive() {
        ProofEnvelope a = TestTemplates.vdfLikeProof(1);
        ProofEnvelope b = TestTemplates.vdfLikeProof(2);
        ProofEnvelope c = TestTemplates.vdfLikeProof(3);
        assertThat(MerkleRoot.ofProofs(List.of())).isEqualTo(MerkleRoot.EMPTY).isEqualTo(Bytes.ZERO32);
        Bytes leafA = Bytes.of(Keccak.keccak256(new byte[] {0}, a.canonicalBytes()));
        assertThat(MerkleRoot.ofProofs(List.of(a))).isEqualTo(leafA);
        Bytes leafB = Bytes.of(Keccak.keccak256(new byte[] {0}, b.canonicalBytes()));
        Bytes leafC = Bytes.of(Keccak.keccak256(new byte[] {0}, c.canonicalBytes()));
        Bytes ab = Bytes.of(Keccak.keccak256(new byte[] {1}, leafA.toArray(), leafB.toArray()));
        assertThat(MerkleRoot.ofProofs(List.of(a, b))).isEqualTo(ab);
        // an odd node moves up unchanged
        Bytes abc = Bytes.of(Keccak.keccak256(new byte[] {1}, ab.toArray(), leafC.toArray()));
        assertThat(MerkleRoot.ofProofs(List.of(a, b, c))).isEqualTo(abc);
        assertThat(MerkleRoot.ofProofs(List.of(b, a))).isNotEqualTo(ab);
        assertThat(MerkleRoot.ofProofs(List.of(a, b, c, c))).isNotEqualTo(abc);
    }
}
