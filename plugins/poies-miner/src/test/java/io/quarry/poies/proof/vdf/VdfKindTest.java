package io.quarry.poies.proof.vdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.ProofRejection;
import io.quarry.poies.proof.ProofRejection.Reason;
import io.quarry.poies.proof.VerifiedProof;
import io.quarry.poies.proof.testing.Fixtures;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VdfKindTest {

    private static final long T = 1L << 16;
    private static final Policy POLICY = Fixtures.policy(List.of());
    private static final ProofContext CONTEXT = Fixtures.context(40, POLICY);
    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(new VdfKind()));

    private static ProofEnvelope valid;

    @BeforeAll
    static void prove() {
        valid = new VdfProver(T).prove(Fixtures.CHAIN_ID, CONTEXT.parentHash());
    }

    @Test
    void validProofVerifiesAndIsWorthItsIterations() {
        VerifiedProof proof = REGISTRY.verify(valid, CONTEXT);
        assertThat(proof.metrics()).isEqualTo(new VdfMetrics(T));
        assertThat(proof.psiMicro()).isEqualTo(VdfKind.PSI_PER_65536_MICRO);
        assertThat(proof.nullifier()).isEqualTo(VdfKind.nullifier(Fixtures.CHAIN_ID, CONTEXT.parentHash()));
    }

    @Test
    void outputReallyIsTSquaringsOfTheInput() {
        BigInteger g = VdfKind.input(Fixtures.CHAIN_ID, CONTEXT.parentHash());
        BigInteger x = g;
        for (long i = 0; i < T; i++) {
            x = x.multiply(x).mod(RsaGroup.MODULUS);
        }
        assertThat(RsaGroup.canonical(x)).isEqualTo(new BigInteger(1, valid.body().hex("y", 256).toArray()));
    }

    @Test
    void proofAnchoredToAnOlderBlockInTheWindowVerifies() {
        Bytes older = CONTEXT.anchors().get(5);
        ProofEnvelope proof = new VdfProver(1L << 16).prove(Fixtures.CHAIN_ID, older);
        assertThat(REGISTRY.verify(proof, CONTEXT).metrics()).isEqualTo(new VdfMetrics(1L << 16));
    }

    @Test
    void tamperedOutputFails() {
        BigInteger y = element("y").add(BigInteger.ONE);
        assertRejected(with("y", hex(y)), Reason.INVALID_PROOF);
    }

    @Test
    void tamperedProofFails() {
        BigInteger pi = element("pi").add(BigInteger.TWO);
        assertRejected(with("pi", hex(pi)), Reason.INVALID_PROOF);
    }

    @Test
    void tamperedIterationsFail() {
        assertRejected(with("iterations", T + 1), Reason.INVALID_PROOF);
        assertRejected(with("iterations", T - 1), Reason.INVALID_PROOF);
        assertRejected(with("iterations", 2 * T), Reason.INVALID_PROOF);
    }

    @Test
    void proofForAnotherChallengeFails() {
        // Same body re-anchored to another block of the window, with the nullifier that anchor would have.
        Bytes other = CONTEXT.anchors().get(1);
        ProofEnvelope moved = new ProofEnvelope(VdfKind.TYPE_ID, body(Map.of("anchor", other.toString())),
                VdfKind.nullifier(Fixtures.CHAIN_ID, other));
        assertRejected(moved, Reason.INVALID_PROOF);
    }

    @Test
    void proofForAnotherChainFails() {
        ProofContext otherChain = new ProofContext(Fixtures.CHAIN_ID + 1, CONTEXT.height(), CONTEXT.parentHash(),
                CONTEXT.anchors(), POLICY);
        // The nullifier is chain-bound, so it is the first thing that no longer matches.
        assertThatThrownBy(() -> REGISTRY.verify(valid, otherChain)).isInstanceOf(ProofRejection.class)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(Reason.NULLIFIER_MISMATCH);
        ProofEnvelope renamed = new ProofEnvelope(VdfKind.TYPE_ID, valid.body(),
                VdfKind.nullifier(Fixtures.CHAIN_ID + 1, CONTEXT.parentHash()));
        assertThatThrownBy(() -> REGISTRY.verify(renamed, otherChain)).isInstanceOf(ProofRejection.class)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(Reason.INVALID_PROOF);
    }

    @Test
    void proofAnchoredOutsideTheWindowIsStale() {
        ProofContext later = Fixtures.context(40 + POLICY.anchorWindow(), POLICY);
        assertThatThrownBy(() -> REGISTRY.verify(valid, later)).isInstanceOf(ProofRejection.class)
                .hasMessageContaining("stale_anchor: body.anchor");
    }

    @Test
    void nonCanonicalElementsAreRefused() {
        // N - y is the same group element as y, written the other way: refused so a proof has one encoding.
        BigInteger y = element("y");
        assertRejected(with("y", hex(RsaGroup.MODULUS.subtract(y))), Reason.INVALID_PROOF);
        assertRejected(with("pi", hex(BigInteger.ONE)), Reason.INVALID_PROOF);
    }

    @Test
    void wrongNullifierIsRefused() {
        assertRejected(new ProofEnvelope(VdfKind.TYPE_ID, valid.body(), Fixtures.hash("x")), Reason.NULLIFIER_MISMATCH);
    }

    @Test
    void iterationsOutsideTheBoundsAreRefused() {
        assertRejected(with("iterations", VdfKind.MIN_ITERATIONS - 1), Reason.OUT_OF_BOUNDS);
        assertRejected(with("iterations", VdfKind.MAX_ITERATIONS + 1), Reason.OUT_OF_BOUNDS);
        assertRejected(with("iterations", -1L), Reason.OUT_OF_BOUNDS);
    }

    @Test
    void malformedBodiesAreSchemaErrors() {
        assertRejected(with("y", "0x1234"), Reason.SCHEMA);
        assertRejected(with("iterations", "65536"), Reason.SCHEMA);
        assertRejected(with("extra", 1L), Reason.SCHEMA);
        Map<String, Object> missing = new LinkedHashMap<>(valid.body().asMap());
        missing.remove("pi");
        assertRejected(new ProofEnvelope(VdfKind.TYPE_ID, ProofBody.of(missing), valid.nullifier()), Reason.SCHEMA);
    }

    @Test
    void psiGrowsWithIterationsUpToTheKindCap() {
        VdfKind kind = new VdfKind();
        assertThat(kind.psiMicro(new VdfMetrics(1L << 17))).isEqualTo(100_000);
        assertThat(kind.psiMicro(new VdfMetrics(1L << 24))).isEqualTo(VdfKind.MAX_PSI_MICRO);
    }

    private static void assertRejected(ProofEnvelope envelope, Reason reason) {
        assertThatThrownBy(() -> REGISTRY.verify(envelope, CONTEXT)).isInstanceOf(ProofRejection.class)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(reason);
    }

    private static BigInteger element(String key) {
        return new BigInteger(1, valid.body().hex(key, RsaGroup.ELEMENT_BYTES).toArray());
    }

    private static String hex(BigInteger x) {
        return Bytes.of(RsaGroup.toBytes(x)).toString();
    }

    private static ProofEnvelope with(String key, Object value) {
        return new ProofEnvelope(VdfKind.TYPE_ID, body(Map.of(key, value)), valid.nullifier());
    }

    private static ProofBody body(Map<String, Object> changes) {
        Map<String, Object> members = new LinkedHashMap<>(valid.body().asMap());
        members.putAll(changes);
        return ProofBody.of(members);
    }
}
