package io.quarry.poies.proof;

import static io.quarry.poies.policy.ProofType.AI;
import static io.quarry.poies.policy.ProofType.QUANTUM;
import static io.quarry.poies.policy.ProofType.VDF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.Policy;
import io.quarry.poies.proof.testing.FixedKind;
import io.quarry.poies.proof.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry is where every proof is verified and scored: the per-kind cap and the policy's minimum psi. */
class ProofRegistryTest {

    private static final Policy POLICY = Fixtures.policy(List.of());
    private static final ProofContext CONTEXT = Fixtures.context(5, POLICY);
    private static final ProofRegistry REGISTRY = ProofRegistry.of(List.of(new FixedKind(AI), new FixedKind(VDF)));

    @Test
    void aProofIsWorthItsPsiUpToItsKindsCap() {
        assertThat(REGISTRY.verify(FixedKind.proof(AI, 300_000, "a"), CONTEXT).psiMicro()).isEqualTo(300_000);
        long cap = new FixedKind(AI).maxPsiMicro();
        assertThat(REGISTRY.verify(FixedKind.proof(AI, cap + 1, "big"), CONTEXT).psiMicro()).isEqualTo(cap);
        assertThat(REGISTRY.verify(FixedKind.proof(AI, 5 * cap, "huge"), CONTEXT).psiMicro()).isEqualTo(cap);
    }

    @Test
    void belowThePolicysMinimumOrOfAnUnknownTypeIsRefused() {
        long min = POLICY.minProofPsiMicro();
        assertThat(REGISTRY.verify(FixedKind.proof(VDF, min, "just"), CONTEXT).psiMicro()).isEqualTo(min);
        assertRejected(FixedKind.proof(VDF, min - 1, "under"), ProofRejection.Reason.BELOW_MIN_PSI);
        assertRejected(FixedKind.proof(QUANTUM, 300_000, "q"),
                ProofRejection.Reason.UNKNOWN_TYPE);
    }

    @Test
    void twoKindsCannotClaimOneTypeId() {
        assertThatThrownBy(() -> ProofRegistry.of(List.of(new FixedKind(AI), new FixedKind(AI))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(FixedKind.typeId(AI));
    }

    private static void assertRejected(ProofEnvelope envelope, ProofRejection.Reason reason) {
        assertThatThrownBy(() -> REGISTRY.verify(envelope, CONTEXT)).isInstanceOf(ProofRejection.class)
                .extracting(e -> ((ProofRejection) e).reason()).isEqualTo(reason);
    }
}
