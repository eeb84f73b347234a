package io.quarry.poies.proof.select;

import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.ProofType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chosen proof set: the proofs in the order a template commits to them, each with its credit, and the
 * candidates left out with the reason.
 *
 * @param selected the chosen proofs in canonical order, each credited more than zero
 * @param psiMicro Sigma psi of the set: the sum of the credits, in micro-nats
 * @param creditedByType the credits summed by type (every type present)
 * @param dropped the candidates left out, each with its rejection
 */
public record Selection(List<SelectedProof> selected, long psiMicro, Map<ProofType, Long> creditedByType,
        List<DroppedProof> dropped) {

    public Selection {
        selected = List.copyOf(selected);
        creditedByType = Map.copyOf(new EnumMap<>(Objects.requireNonNull(creditedByType, "creditedByType")));
        dropped = List.copyOf(dropped);
    }

    /** The envelopes of the chosen proofs, in order: what {@code proofsRoot} is computed over. */
    public List<ProofEnvelope> envelopes() {
        List<ProofEnvelope> out = new ArrayList<>(selected.size());
        for (SelectedProof proof : selected) {
            out.add(proof.proof().envelope());
        }
        return out;
    }

    /** The psi credited to {@code type}. */
    public long credited(ProofType type) {
        return creditedByType.getOrDefault(type, 0L);
    }
}
