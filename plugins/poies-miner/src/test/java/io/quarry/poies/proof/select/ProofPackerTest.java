package io.quarry.poies.proof.select;

import static io.quarry.poies.policy.ProofType.AI;
import static io.quarry.poies.policy.ProofType.HASH;
import static io.quarry.poies.policy.ProofType.QUANTUM;
import static io.quarry.poies.policy.ProofType.STORAGE;
import static io.quarry.poies.policy.ProofType.VDF;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.poies.hash.UDraw;
import io.quarry.poies.model.Bytes;
import io.quarry.poies.model.HashShare;
import io.quarry.poies.model.HeaderTemplate;
import io.quarry.poies.model.ProofBody;
import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.proof.ProofContext;
import io.quarry.poies.proof.ProofRegistry;
import io.quarry.poies.proof.testing.Fixtures;
import io.quarry.poies.proof.testing.FixedKind;
import io.quarry.poies.proof.testing.Templates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ProofPackerTest {

    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(new FixedKind(HASH), new FixedKind(AI),
            new FixedKind(QUANTUM), new FixedKind(STORAGE), new FixedKind(VDF)));
    private static final ProofPacker PACKER = new ProofPacker(REGISTRY);
    private static final ProofSelector SELECTOR = new ProofSelector(REGISTRY);
    private static final Predicate<Bytes> NOTHING_SEEN = n -> false;
    private static final Policy POLICY = Fixtures.policy(List.of());
    private static final ProofContext CONTEXT = Fixtures.context(21, POLICY);
    private static final long THETA = 3_000_000;

    private static List<ProofEnvelope> proofs() {
        return SELECTOR.select(List.of(FixedKind.proof(AI, 1_000_000, "a"), FixedKind.proof(VDF, 500_000, "v"),
                FixedKind.proof(STORAGE, 500_000, "s")), CONTEXT, NOTHING_SEEN).envelopes();
    }

    /** The first nonce whose H(u) on {@code template} lies in [low, high). */
    private static HashShare shareWithin(HeaderTemplate template, long low, long high) {
        for (long nonce = 0; ; nonce++) {
            HashShare share = UDraw.share(template, nonce);
            long h = UDraw.hMicro(share.u());
            if (h >= low && h < high) {
                return share;
            }
        }
    }

    @Test
    void sealsWhenProofsLiftTheScoreOverThetaAndReportsS() {
        List<ProofEnvelope> proofs = proofs();
        HeaderTemplate template = Templates.template(CONTEXT, proofs, THETA, "t1");
        // Sigma psi is 2.0 nats: a share between 1.0 and 3.0 nats seals only thanks to the proofs.
        HashShare share = shareWithin(template, 1_000_000, THETA);
        SealOutcome outcome = PACKER.seal(template, share, proofs, CONTEXT, NOTHING_SEEN);
        assertThat(outcome).isInstanceOf(SealOutcome.Sealed.class);
        SealOutcome.Sealed sealed = (SealOutcome.Sealed) outcome;
        assertThat(sealed.psiMicro()).isEqualTo(2_000_000);
        assertThat(sealed.hMicro()).isEqualTo(UDraw.hMicro(share.u()));
        assertThat(sealed.scoreMicro()).isGreaterThanOrEqualTo(THETA);
        assertThat(sealed.block().proofs()).isEqualTo(proofs);
        assertThat(sealed.credits().selected()).hasSize(3);
    }

    @Test
    void refusesWhenTheScoreStaysBelowTheta() {
        List<ProofEnvelope> proofs = proofs();
        HeaderTemplate template = Templates.template(CONTEXT, proofs, THETA, "t2");
        HashShare share = shareWithin(template, 0, 900_000);
        SealOutcome outcome = PACKER.seal(template, share, proofs, CONTEXT, NOTHING_SEEN);
        assertThat(outcome).isInstanceOfSatisfying(SealOutcome.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(SealOutcome.Reason.BELOW_THETA);
            assertThat(refused.detail()).contains("+ psi 2 =").contains("< Theta 3");
        });
    }

    @Test
    void refusesATemplateWhoseProofsWereSpentSinceOrAreTampered() {
        List<ProofEnvelope> proofs = proofs();
        HeaderTemplate template = Templates.template(CONTEXT, proofs, THETA, "t3");
        HashShare share = shareWithin(template, 1_000_000, 20_000_000);
        Bytes spent = proofs.get(1).nullifier();
        assertRefused(PACKER.seal(template, share, proofs, CONTEXT, spent::equals), SealOutcome.Reason.PROOF_SET,
                "seen_nullifier: proofs[1]");

        List<ProofEnvelope> tampered = new ArrayList<>(proofs);
        Map<String, Object> body = new LinkedHashMap<>(proofs.get(0).body().asMap());
        body.put("psi", 1_100_000L);
        tampered.set(0, new ProofEnvelope(proofs.get(0).typeId(), ProofBody.of(body), proofs.get(0).nullifier()));
        HeaderTemplate forTampered = Templates.template(CONTEXT, tampered, THETA, "t4");
        HashShare share2 = shareWithin(forTampered, 1_000_000, 20_000_000);
        assertRefused(PACKER.seal(forTampered, share2, tampered, CONTEXT, NOTHING_SEEN), SealOutcome.Reason.PROOF_SET,
                "invalid_proof: proofs[0]");
    }

    @Test
    void refusesProofsThatDoNotMatchTheTemplatesRoot() {
        List<ProofEnvelope> proofs = proofs();
        HeaderTemplate template = Templates.template(CONTEXT, proofs, THETA, "t5");
        HashShare share = shareWithin(template, 0, 20_000_000);
        assertRefused(PACKER.seal(template, share, proofs.subList(0, 2), CONTEXT, NOTHING_SEEN),
                SealOutcome.Reason.SHARE_MISMATCH, "proofs: their root");
    }

    @Test
    void refusesATemplateFromAnotherContextOrPolicy() {
        List<ProofEnvelope> proofs = proofs();
        HeaderTemplate template = Templates.template(CONTEXT, proofs, THETA, "t6");
        HashShare share = shareWithin(template, 0, 20_000_000);
        ProofContext nextHeight = Fixtures.context(22, POLICY);
        assertRefused(PACKER.seal(template, share, proofs, nextHeight, NOTHING_SEEN), SealOutcome.Reason.CONTEXT_MISMATCH,
                "height 21");
        Policy other = Fixtures.policy(2_000_000, POLICY.capsMicro(), 150_000, List.of());
        ProofContext otherPolicy = Fixtures.context(21, other);
        assertRefused(PACKER.seal(template, share, proofs, otherPolicy, NOTHING_SEEN), SealOutcome.Reason.CONTEXT_MISMATCH,
                "the policy in force is");
        assertRefused(PACKER.seal(template, share, proofs, CONTEXT, share.nullifier()::equals), SealOutcome.Reason.SEEN_SHARE,
                "is spent");
    }

    @Test
    void proofSetRuleRefusesPaddingDisorderDuplicatesAndExcess() {
        List<ProofEnvelope> proofs = proofs();
        List<ProofEnvelope> reversed = new ArrayList<>(proofs);
        java.util.Collections.reverse(reversed);
        assertRejected(reversed, "out_of_order: proofs[0]");
        List<ProofEnvelope> duplicated = new ArrayList<>(proofs);
        duplicated.add(proofs.get(2));
        assertRejected(duplicated, "duplicate_nullifier: proofs[3]");
        // A fourth AI proof adds nothing once AI has its 1.0 cap: padding.
        List<ProofEnvelope> padded = new ArrayList<>(SELECTOR.select(List.of(FixedKind.proof(AI, 1_000_000, "big")),
                CONTEXT, NOTHING_SEEN).envelopes());
        padded.add(FixedKind.proof(AI, 60_000, "pad"));
        assertRejected(padded, "no_room: proofs[1]: adds nothing");
        List<ProofEnvelope> many = new ArrayList<>();
        for (int i = 0; i < POLICY.maxProofs() + 1; i++) {
            many.add(FixedKind.proof(HASH, 60_000, "h" + i));
        }
        assertRejected(many, "65 proofs, the policy allows 64");
    }

    private static void assertRejected(List<ProofEnvelope> proofs, String message) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PACKER.checkProofs(proofs, CONTEXT, NOTHING_SEEN))
                .hasMessageContaining(message);
    }

    private static void assertRefused(SealOutcome outcome, SealOutcome.Reason reason, String detail) {
        assertThat(outcome).isInstanceOfSatisfying(SealOutcome.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.detail()).contains(detail);
        });
    }
}
