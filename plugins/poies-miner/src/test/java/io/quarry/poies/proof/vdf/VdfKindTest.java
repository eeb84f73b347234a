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
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.digests.KeccakDigest;
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
        // 0.05 nat (50 000 micro-nats) per 65 536 squarings.
        assertThat(proof.psiMicro()).isEqualTo(50_000);
        assertThat(proof.nullifier().toArray()).isEqualTo(keccak(record("quarry:poies:vdf:v1:nullifier",
                u64(Fixtures.CHAIN_ID), CONTEXT.parentHash().toArray())));
    }

    /**
     * The whole proof recomputed from docs/poies-proofs.md section 3.1 with BigInteger and BouncyCastle's Keccak
     * alone: the input by HashToGroup, y by T squarings, the Fiat-Shamir prime and pi.
     */
    @Test
    void proofMatchesAnIndependentEvaluationOfTheDocumentedConstruction() {
        assertThat(RsaGroup.MODULUS).isEqualTo(N);
        byte[] anchor = CONTEXT.parentHash().toArray();
        assertThat(valid.body().hex("anchor", 32).toArray()).isEqualTo(anchor);
        assertThat(valid.body().asMap().get("iterations")).isEqualTo(T);

        BigInteger g = hashToGroup(keccak(record("quarry:poies:vdf:v1:input", u64(Fixtures.CHAIN_ID), anchor)));
        BigInteger x = g;
        for (long i = 0; i < T; i++) {
            x = x.multiply(x).mod(N);
        }
        BigInteger y = canonical(x);
        assertThat(valid.body().hex("y", 256).toArray()).isEqualTo(element256(y));

        BigInteger l = hashToPrime(g, y, T);
        BigInteger pi = canonical(g.modPow(BigInteger.ONE.shiftLeft((int) T).divide(l), N));
        assertThat(valid.body().hex("pi", 256).toArray()).isEqualTo(element256(pi));
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

    // ---- An independent reading of docs/poies-proofs.md 3.1 (no production code below this line). ----

    /** RSA-2048 of the RSA Factoring Challenge (RSA Laboratories, 1991), as published. */
    private static final BigInteger N = new BigInteger("25195908475657893494027183240048398571429282126204"
            + "032027777137836043662020707595556264018525880784406918290641249515082189298559149176184502808489120"
            + "072844992687392807287776735971418347270261896375014971824691165077613379859095700097330459748808428"
            + "401797429100642458691817195118746121515172654632282216869987549182422433637259085141865462043576798"
            + "423387184774447920739934236584823824281198163815010674810451660377306056201619676256133844143603833"
            + "904414952634432190114657544454178424020924616515723350778707749817125772467962926386356373289912154"
            + "831438167899885040445364023527381951378636564391212010397122822120720357");

    private static BigInteger canonical(BigInteger x) {
        BigInteger r = x.mod(N);
        BigInteger other = N.subtract(r);
        return r.min(other);
    }

    private static BigInteger hashToGroup(byte[] seed) {
        for (int attempt = 0; ; attempt++) {
            ByteArrayOutputStream wide = new ByteArrayOutputStream();
            for (int j = 0; j < 9; j++) {
                wide.writeBytes(keccak(record("quarry:poies:vdf:v1:hash-to-group", seed, u32(attempt), u32(j))));
            }
            BigInteger x = canonical(new BigInteger(1, wide.toByteArray()));
            if (x.compareTo(BigInteger.TWO) >= 0) {
                return x;
            }
        }
    }

    private static BigInteger hashToPrime(BigInteger g, BigInteger y, long t) {
        byte[] p = record("quarry:poies:vdf:v1:prime", element256(g), element256(y), u64(t));
        for (int counter = 0; ; counter++) {
            byte[] digest = keccak(record("quarry:poies:vdf:v1:prime", u32(p.length), p, u32(counter)));
            BigInteger candidate = new BigInteger(1, digest).setBit(255).setBit(0);
            if (candidate.isProbablePrime(128)) {
                return candidate;
            }
        }
    }

    /** A canonical-writer record: one length byte, the ASCII tag, then the fields as they are. */
    private static byte[] record(String tag, byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag.length());
        out.writeBytes(tag.getBytes(StandardCharsets.US_ASCII));
        for (byte[] field : fields) {
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] keccak(byte[] data) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, 0, data.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] element256(BigInteger x) {
        byte[] raw = x.toByteArray();
        byte[] out = new byte[256];
        int copy = Math.min(raw.length, 256);
        System.arraycopy(raw, raw.length - copy, out, 256 - copy, copy);
        return out;
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
