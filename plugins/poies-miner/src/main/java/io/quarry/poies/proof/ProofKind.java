package io.quarry.poies.proof;

import io.quarry.poies.model.ProofEnvelope;
import io.quarry.poies.policy.ProofType;

/**
 * One kind of PoIES proof ({@code docs/poies-proofs.md} section 3): a versioned type id, a verifier that turns
 * an envelope into metrics or a precise rejection, and the mapping from those metrics to psi. Implementations
 * are stateless and thread-safe; verification is deterministic, depends only on the envelope and the context,
 * and never trusts a value it can recompute (in particular it recomputes the nullifier).
 *
 * @param <M> the kind's metrics
 */
public interface ProofKind<M extends ProofMetrics> {

    /** The envelope {@code type_id} this kind verifies ({@code "vdf:v1"}). */
    String typeId();

    /** The policy category its psi counts against. */
    ProofType type();

    /**
     * The most psi one proof of this kind can be worth, in micro-nats, whatever its metrics: the per-kind cap
     * that sits under the policy's per-type cap.
     */
    long maxPsiMicro();

    /**
     * Verifies {@code envelope} against the chain and policy in {@code context}.
     *
     * @return the measured metrics of a valid proof
     * @throws ProofRejection saying precisely why the proof is not valid here
     */
    M verify(ProofEnvelope envelope, ProofContext context);

    /**
     * The psi of a proof with these metrics, in micro-nats, in {@code [0, maxPsiMicro()]}. Integer arithmetic,
     * rounded down.
     */
    long psiMicro(M metrics);
}
